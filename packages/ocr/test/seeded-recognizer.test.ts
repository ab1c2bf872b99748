import { characterTarget, explain, selectBackend } from '@gradcam/core';
import { findOnnxRuntime, loadOnnx } from '@gradcam/onnx';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainLine, type OcrImage, parseDictionary, Recognizer } from '../src';
import { headLogProbsF64, SEEDED, seededRecognizer } from './helpers/seeded-recognizer';

const DICTIONARY = parseDictionary('a\nb\nc');

/** A line image the model reads at its own size: 8 rows, 32 columns, seeded pixels. */
function lineImage(seed: number, width: number = SEEDED.width): OcrImage {
  const data = new Uint8Array(SEEDED.height * width * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = s % 256;
  }
  return { data, width, height: SEEDED.height, channels: 3 };
}

const CASES = [
  { backend: 'cpu', execution: 'tfjs' },
  { backend: 'wasm', execution: 'onnxruntime' },
] as const;

describe.each(CASES)('a seeded CTC recogniser on $backend, body on $execution', ({ backend, execution }) => {
  let recognizer: Recognizer;
  beforeAll(async () => {
    await selectBackend(backend);
    const runtime = execution === 'onnxruntime' ? await findOnnxRuntime() : undefined;
    if (typeof runtime === 'string') throw new Error(runtime);
    const exec = loadOnnx(seededRecognizer(), runtime ? { runtime } : {});
    recognizer = new Recognizer(exec, DICTIONARY, {
      height: SEEDED.height,
      minWidth: SEEDED.width,
      execution,
    });
  });
  afterAll(() => recognizer?.dispose());

  it('finds the last 2-D map before the sequence and reads 8 time steps', () => {
    expect(recognizer.facts).toMatchObject({ backboneMap: 'map', backboneShape: [1, 6, 4, 16], classes: 5 });
    const reading = recognizer.read(lineImage(3));
    expect(reading.steps).toBe(SEEDED.steps);
    expect(reading.characters.length).toBeGreaterThan(0);
  });

  it("gives every character's HiResCAM map equal to float64 finite differences of its log-probability", async () => {
    const line = recognizer.prepare(lineImage(3));
    const reading = recognizer.readPrepared(line);
    const adapter = recognizer.adapter();
    const body = adapter.body(line.tensor);
    const map = Array.from(body.activations.dataSync(), Number);
    tf.dispose([body.activations, body.context]);
    const picks = reading.characters.map((c) => ({ classIndex: c.classIndex, steps: c.steps }));
    const result = await explain(
      adapter,
      line.tensor,
      picks.map((p) => characterTarget(p.classIndex, p.steps)),
      { method: 'hirescam', keepRaw: true, relu: false, normalization: 'none' },
    );
    line.tensor.dispose();
    const { mapH, mapW, mapChannels: C } = SEEDED;
    const score = (m: number[], p: (typeof picks)[number]) => {
      const logProbs = headLogProbsF64(m);
      return p.steps.reduce((s, t) => s + logProbs[t][p.classIndex], 0);
    };
    picks.forEach((p, k) => {
      const raw = result.maps.find((m) => m.target === k)?.raw;
      expect(raw).toBeDefined();
      const fd: number[] = [];
      const eps = 1e-6;
      for (let i = 0; i < mapH * mapW; i++) {
        const scaled = (s: number) => map.map((v, j) => (Math.floor(j / C) === i ? v * (1 + s) : v));
        fd.push((score(scaled(eps), p) - score(scaled(-eps), p)) / (2 * eps));
      }
      const scale = Math.max(...fd.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-4);
      const worst = Math.max(...fd.map((v, i) => Math.abs(v - (raw?.data[i] ?? Number.NaN))));
      expect(worst / scale).toBeLessThan(1e-3);
      expect(result.maps.find((m) => m.target === k)?.score).toBeCloseTo(score(map, p), 4);
    });
  });

  it('explains a line without leaking, every character with a map and a peak inside the line', async () => {
    await explainLine(recognizer, lineImage(5));
    const before = tf.memory().numTensors;
    const ex = await explainLine(recognizer, lineImage(5));
    expect(tf.memory().numTensors).toBe(before);
    expect(ex.characters.length).toBe(recognizer.read(lineImage(5)).characters.length);
    for (const c of ex.characters) {
      expect(c.map.width).toBe(SEEDED.width);
      expect(c.peak.x).toBeGreaterThanOrEqual(0);
      expect(c.peak.x).toBeLessThan(SEEDED.width);
      expect(c.stepSpan[1] - c.stepSpan[0]).toBe((SEEDED.width / SEEDED.steps) * c.steps.length);
    }
  });

  it('refuses a dictionary with the wrong number of classes', () => {
    const exec = loadOnnx(seededRecognizer());
    expect(() => new Recognizer(exec, parseDictionary('a\nb'), { height: 8, minWidth: 32 })).toThrow(
      /gives 4 classes .* but the recognition model has 5/,
    );
    exec.dispose();
  });
});
