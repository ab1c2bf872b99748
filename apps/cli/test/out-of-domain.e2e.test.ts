import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeImage } from '@gradcam/render';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';

const NOTE =
  /^gradcam: note: the bundled ShapeWorld (classifier|captioner|VQA model) knows only synthetic 64x64 scenes.*--model/m;

/** A user's image: not a ShapeWorld scene (a 1x1 red pixel, as a newcomer tried). */
async function redPixel(dir: string): Promise<string> {
  const file = join(dir, 'red.png');
  await writeImage(file, { width: 1, height: 1, channels: 3, data: Uint8Array.from([255, 0, 0]) });
  return file;
}

/** A textured 80x60 picture: varying maps, so only the out-of-domain note applies. */
async function picture(dir: string): Promise<string> {
  const file = join(dir, 'photo.png');
  const data = new Uint8Array(80 * 60 * 3).map((_, i) => (i * 37 + (i >> 7) * 11) % 256);
  await writeImage(file, { width: 80, height: 60, channels: 3, data });
  return file;
}

const banners = (html: string) =>
  [...html.matchAll(/<p class="banner" role="alert">([^<]*)<\/p>/g)].map((m) => m[1]);

describe('a user image given to a bundled ShapeWorld model says the model cannot read it (built bin)', () => {
  const dir = freshDir();
  beforeAll(assertBuilt);

  it('explain: the note on stderr, in the JSON and as the page banner; constant maps flagged', async () => {
    const image = await redPixel(dir);
    const run = runCli(['explain', '-i', image, '-o', join(dir, 'explain')], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(NOTE);
    expect(run.stdout).toMatch(/red\.png: square: degenerate map: constant/);
    const json = JSON.parse(readFileSync(join(dir, 'explain', 'red.json'), 'utf8'));
    expect(json.notice).toMatch(/knows only synthetic 64x64 scenes/);
    expect(json.maps).toHaveLength(4);
    for (const m of json.maps) expect(m.degenerate).toMatch(/^degenerate map: constant/);
    const page = banners(readFileSync(join(dir, 'explain', 'red.html'), 'utf8'));
    expect(page[0]).toMatch(/ShapeWorld classifier knows only synthetic 64x64 scenes.*--model/);
    expect(page[1]).toMatch(/^degenerate map: constant/);
  });

  it('explain on its own generated scenes: no note, no banner', () => {
    const run = runCli(['explain', '-o', join(dir, 'scenes')], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/note:/);
    const json = JSON.parse(readFileSync(join(dir, 'scenes', 'scene-1.json'), 'utf8'));
    expect(json.notice).toBeUndefined();
    expect(banners(readFileSync(join(dir, 'scenes', 'scene-1.html'), 'utf8'))).toEqual([]);
  });

  it('caption: the note on stderr, in the JSON and as the page banner', async () => {
    const image = await picture(dir);
    const run = runCli(['caption', '-i', image, '-o', join(dir, 'caption')], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(NOTE);
    expect(JSON.parse(readFileSync(join(dir, 'caption', 'photo.json'), 'utf8')).notice).toMatch(/captioner/);
    expect(banners(readFileSync(join(dir, 'caption', 'photo.html'), 'utf8'))[0]).toMatch(
      /captioner knows only/,
    );
  });

  it('vqa: the note, and a constant answer map flagged on stdout, in the JSON and on the page', async () => {
    const image = await redPixel(dir);
    const question = 'what is the person wearing?';
    const run = runCli(['vqa', '-i', image, '--question', question, '-o', join(dir, 'vqa')], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(NOTE);
    expect(run.stdout).toMatch(/^1 of 1 answer maps: degenerate map: constant/m);
    const json = JSON.parse(readFileSync(join(dir, 'vqa', 'red.json'), 'utf8'));
    expect(json.notice).toMatch(/VQA model/);
    expect(json.answers[0].degenerate).toMatch(/constant/);
    const page = banners(readFileSync(join(dir, 'vqa', 'red.html'), 'utf8'));
    expect(page).toHaveLength(2);
  });

  it('with --model the note is not given (a model named explicitly is the one chosen)', async () => {
    const image = await picture(dir);
    const run = runCli(
      [
        'caption',
        '-i',
        image,
        '-o',
        join(dir, 'c2'),
        '--model',
        join(import.meta.dirname, '../../../packages/shapeworld/models/captioner'),
      ],
      dir,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/note:/);
  });
});
