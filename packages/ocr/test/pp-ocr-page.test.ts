import { selectBackend } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainPage, loadPageReader, type PageExplanation, type PageReader } from '../src';
import { cellHits } from './helpers/cell-hits';
import { fontsNote, PP_OCR, skipWithoutFonts } from './helpers/pp-ocr';
import { renderPage } from './helpers/render-line';

const LINES = [
  { text: 'Invoice 2026-12', font: 'DejaVu Sans', size: 30, x: 40, y: 40 },
  { text: 'Total: 48.50 EUR', font: 'Liberation Serif', size: 34, x: 60, y: 130 },
  { text: 'PAID', font: 'DejaVu Sans Mono', size: 28, x: 420, y: 230 },
] as const;

/** PP-OCRv4 det + rec on a rendered page: lines found and read, each character's map on it. */
describe.skipIf(skipWithoutFonts())(`a page read and explained with PP-OCRv4${fontsNote}`, () => {
  let reader: PageReader;
  let page: Awaited<ReturnType<typeof renderPage>>;
  let result: PageExplanation;

  beforeAll(async () => {
    await selectBackend('wasm');
    reader = await loadPageReader(PP_OCR);
    page = await renderPage(640, 300, [...LINES]);
    result = await explainPage(reader, page.image);
  }, 120_000);
  afterAll(() => reader?.dispose());

  it('finds every line and reads it, in reading order', () => {
    expect(result.text).toBe(LINES.map((l) => l.text).join('\n'));
    expect(result.lines.every((l) => !l.turned)).toBe(true);
    result.lines.forEach((l) => {
      const drawn = page.lines[l.row];
      expect(l.box.y).toBeLessThan(drawn.top + 4);
      expect(l.box.y + l.box.height).toBeGreaterThan(drawn.bottom - 4);
    });
  });

  it("puts each character's map maximum in its cell on the page for >= 90% of characters", () => {
    const { inside, total } = cellHits(result.lines, page.lines);
    for (const line of result.lines) {
      for (const c of line.characters) {
        expect(c.peak.y).toBeGreaterThanOrEqual(line.box.y - 1);
        expect(c.peak.y).toBeLessThanOrEqual(line.box.y + line.box.height + 1);
      }
    }
    console.log(`[ocr page] map maximum inside the character's cell: ${inside}/${total}`);
    expect(total).toBe(LINES.reduce((n, l) => n + l.text.replace(/ /g, '').length, 0));
    expect(inside / total).toBeGreaterThanOrEqual(0.9);
  });

  it('turns an upside-down line with the angle classifier and draws its maps back where the glyphs are', async () => {
    const turnedPage = await renderPage(420, 170, [
      { text: 'Upright 123', font: 'DejaVu Sans', size: 30, x: 30, y: 30 },
      { text: 'Turned 456', font: 'DejaVu Sans', size: 30, x: 30, y: 100, turned: true },
    ]);
    const turned = await explainPage(reader, turnedPage.image);
    expect(turned.text).toBe('Upright 123\nTurned 456');
    expect(turned.lines.map((l) => l.turned)).toEqual([false, true]);
    const { inside, total } = cellHits(turned.lines, turnedPage.lines);
    console.log(`[ocr page] upside-down page: map maximum inside the character's cell: ${inside}/${total}`);
    expect(inside / total).toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  it('says clearly that a blank page has no text, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const blank = {
      data: new Uint8Array(200 * 100 * 3).fill(255),
      width: 200,
      height: 100,
      channels: 3 as const,
    };
    await expect(explainPage(reader, blank)).rejects.toThrow(/no text found in the 200x100 image/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
