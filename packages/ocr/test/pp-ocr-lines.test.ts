import { characterTarget, explain, selectBackend } from '@gradcam/core';
import { rankCorrelation } from '@gradcam/metrics';
import { listTensors } from '@gradcam/onnx';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainLine, type LineExplanation, loadRecognizer, parseDictionary, type Recognizer } from '../src';
import { fontsNote, PP_OCR, skipWithoutFonts } from './helpers/pp-ocr';
import { type FontName, type RenderedLine, renderLine } from './helpers/render-line';

const LINES: [string, FontName, number][] = [
  ['Hello world 42', 'DejaVu Sans', 32],
  ['QUICK-BROWN.FOX', 'Liberation Serif', 40],
  ['price: $3.50!', 'DejaVu Sans Mono', 28],
  ['Grad-CAM 2026', 'Liberation Mono', 36],
  ['call 555-0199', 'DejaVu Sans', 24],
];

/**
 * The real PP-OCRv4 recogniser (10.8 MB, from npm) on lines the test renders with known character
 * cells: the default choices (LayerCAM at the last 2-D backbone map) must read the text and put
 * each character's map maximum in its own cell, in reading order. Slow for a unit test (about
 * 1 s per line on WASM) because the model is the real one.
 */
describe.skipIf(skipWithoutFonts())(`PP-OCRv4 recognition, explained${fontsNote}`, () => {
  let recognizer: Recognizer;
  const results: { line: RenderedLine; explanation: LineExplanation }[] = [];

  beforeAll(async () => {
    await selectBackend('wasm');
    recognizer = await loadRecognizer(PP_OCR.recognition, { dictionary: PP_OCR.dictionary });
    for (const [text, font, size] of LINES) {
      const line = await renderLine(text, font, size);
      results.push({ line, explanation: await explainLine(recognizer, line.image) });
    }
  }, 120_000);
  afterAll(() => recognizer?.dispose());

  it('reads every rendered line right', () => {
    // PP-OCR may read the white margin after the last glyph as a space.
    expect(results.map((r) => r.explanation.text.trimEnd())).toEqual(LINES.map(([text]) => text));
    expect(results[0].explanation.layer).toBe(recognizer.facts.backboneMap);
    expect(recognizer.facts.backboneShape).toEqual([1, 480, 3, 80]);
  });

  it('moves the map left to right with the text: Spearman >= 0.95 on every line', () => {
    for (const { explanation } of results) {
      const chars = explanation.characters.filter((c) => c.char !== ' ');
      const rho = rankCorrelation(
        chars.map((c) => c.index),
        chars.map((c) => c.peak.x),
      );
      console.log(`[ocr lines] ${JSON.stringify(explanation.text)}: Spearman ${rho.toFixed(3)}`);
      expect(rho, explanation.text).toBeGreaterThanOrEqual(0.95);
    }
  });

  it("puts the map's maximum inside the character's own cell for >= 90% of characters", () => {
    let inside = 0;
    let total = 0;
    for (const { line, explanation } of results) {
      explanation.characters.forEach((c, i) => {
        if (c.char === ' ' || i >= line.cells.length) return;
        total++;
        const [x0, x1] = line.cells[i];
        if (c.peak.x >= x0 && c.peak.x < x1) inside++;
      });
    }
    expect(total).toBe(LINES.reduce((n, [text]) => n + text.replace(/ /g, '').length, 0));
    console.log(`[ocr lines] map maximum inside the character's cell: ${inside}/${total}`);
    expect(inside / total).toBeGreaterThanOrEqual(0.9);
  });

  it('explains all characters in one call and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const again = await explainLine(recognizer, results[2].line.image);
    expect(tf.memory().numTensors).toBe(before);
    expect(again.characters.map((c) => c.score)).toEqual(
      results[2].explanation.characters.map((c) => c.score),
    );
    for (const c of again.characters) expect(c.score).toBeLessThan(0);
  });

  it('has per-character gradients that agree with finite differences of the real model', async () => {
    const { line } = results[3];
    const input = recognizer.prepare(line.image);
    const reading = recognizer.readPrepared(input);
    const targets = reading.characters
      .slice(0, 3)
      .map((c) => characterTarget(c.classIndex, c.steps, { label: c.char }));
    const result = await explain(recognizer.adapter(), input.tensor, targets, {
      method: 'layercam',
      verify: { directions: 2, topChannels: 2 },
    });
    input.tensor.dispose();
    expect(result.verification?.passed).toBe(true);
    expect(result.verification?.maxRelError).toBeLessThan(0.02);
  }, 60_000);

  it('explains at a token tensor on lines wider than the probe (one adapter per width)', async () => {
    const tokens = listTensors(recognizer.exec, { inputShape: [1, 3, 48, 320] }).find((t) => t.isDefault);
    expect(tokens?.tokens).toBeDefined();
    const { line } = results[1];
    const ex = await explainLine(recognizer, line.image, { layer: tokens?.name });
    expect(ex.steps).toBeGreaterThan(40);
    expect(ex.text.trimEnd()).toBe(line.text);
    const chars = ex.characters.filter((c) => c.char !== ' ');
    expect(
      rankCorrelation(
        chars.map((c) => c.index),
        chars.map((c) => c.peak.x),
      ),
    ).toBeGreaterThan(0.9);
  }, 60_000);

  it('refuses a dictionary that does not match the model, at load', async () => {
    const fs = await import('node:fs');
    const short = parseDictionary(
      fs.readFileSync(PP_OCR.dictionary, 'utf8').split('\n').slice(0, 100).join('\n'),
    );
    await expect(loadRecognizer(PP_OCR.recognition, { dictionary: short })).rejects.toThrow(
      /gives 102 classes .* but the recognition model has 6625/,
    );
  });
});
