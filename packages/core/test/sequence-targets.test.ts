import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  characterTarget,
  classTarget,
  type ExplainableModel,
  explain,
  GradcamError,
  outputTarget,
  selectBackend,
  type sequenceTarget,
  stringTarget,
} from '../src';

const [B, H, W, C, K] = [2, 2, 6, 3, 4];

/** Seeded values in [-1, 1), the same in float32 (model) and float64 (finite differences). */
function seeded(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}
const Wt = seeded(H * C * K, 3);
const Vt = seeded(H * C * K, 5);
const A = seeded(B * H * W * C, 9);
const at = (a: number[], b: number, h: number, w: number, c: number) => a[((b * H + h) * W + w) * C + c];

/**
 * A CTC-style head on activations [B, H, W, C]: time step t is column t; its logits read tanh of
 * that column and, linearly, the previous one, so that a character's gradient spans two columns.
 */
function logitsF64(a: number[], b: number): number[][] {
  return Array.from({ length: W }, (_, t) =>
    Array.from({ length: K }, (_, k) => {
      let z = 0;
      for (let h = 0; h < H; h++)
        for (let c = 0; c < C; c++) {
          z += Math.tanh(at(a, b, h, t, c)) * Wt[(h * C + c) * K + k];
          if (t > 0) z += at(a, b, h, t - 1, c) * Vt[(h * C + c) * K + k];
        }
      return z;
    }),
  );
}

function headTf(a: tf.Tensor4D): tf.Tensor3D {
  const cols = (x: tf.Tensor) => x.transpose([0, 2, 1, 3]).reshape([-1, W, H * C]);
  const w = tf.tensor2d(Wt, [H * C, K]);
  const v = tf.tensor2d(Vt, [H * C, K]);
  const prev = tf
    .pad(a, [
      [0, 0],
      [0, 0],
      [1, 0],
      [0, 0],
    ])
    .slice([0, 0, 0, 0], [-1, -1, W, -1]);
  const rows = a.shape[0];
  const z = tf.add(
    tf.matMul(cols(tf.tanh(a)).reshape([-1, H * C]), w),
    tf.matMul(cols(prev).reshape([-1, H * C]), v),
  );
  return z.reshape([rows, W, K]) as tf.Tensor3D;
}

const model: ExplainableModel<tf.Tensor4D, Record<string, never>, tf.Tensor3D> = {
  layer: 'columns',
  body: (x) => ({ activations: x.clone(), context: {} }),
  head: (a) => headTf(a),
};

type Pick = { step: number; classIndex: number };
function scoreF64(a: number[], b: number, picks: Pick[], logProb: boolean): number {
  const z = logitsF64(a, b);
  return picks.reduce((sum, { step, classIndex }) => {
    const row = z[step];
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    return sum + (logProb ? row[classIndex] - lse : row[classIndex]);
  }, 0);
}

/** d score / d eps of scaling pixel (h, w) of sample b by (1 + eps): HiResCAM's value there. */
function hiresFd(b: number, h: number, w: number, picks: Pick[], logProb: boolean): number {
  const eps = 1e-5;
  const scaled = (s: number) =>
    A.map((v, i) => {
      const c = i % C;
      return i === ((b * H + h) * W + w) * C + c ? v * (1 + s) : v;
    });
  return (scoreF64(scaled(eps), b, picks, logProb) - scoreF64(scaled(-eps), b, picks, logProb)) / (2 * eps);
}

const CASES: {
  name: string;
  picks: Pick[];
  logProb: boolean;
  target: () => ReturnType<typeof sequenceTarget>;
}[] = [
  {
    name: 'a character over two steps, log-probability',
    picks: [
      { step: 2, classIndex: 1 },
      { step: 3, classIndex: 1 },
    ],
    logProb: true,
    target: () => characterTarget(1, [2, 3]),
  },
  {
    name: 'a character, logit',
    picks: [{ step: 4, classIndex: 3 }],
    logProb: false,
    target: () => characterTarget(3, [4], { scale: 'logit' }),
  },
  {
    name: 'a whole string',
    picks: [
      { step: 0, classIndex: 2 },
      { step: 1, classIndex: 2 },
      { step: 3, classIndex: 0 },
      { step: 5, classIndex: 2 },
    ],
    logProb: true,
    target: () =>
      stringTarget([
        { classIndex: 2, steps: [0, 1] },
        { classIndex: 0, steps: [3] },
        { classIndex: 2, steps: [5] },
      ]),
  },
];

describe.each(['cpu', 'wasm'] as const)('sequence targets on %s', (backend) => {
  let x: tf.Tensor4D;
  beforeAll(async () => {
    await selectBackend(backend);
    x = tf.tensor4d(A, [B, H, W, C]);
  });
  afterAll(() => x.dispose());

  it('give HiResCAM maps equal to float64 finite differences, all targets in one pass', async () => {
    const before = tf.memory().numTensors;
    const result = await explain(
      model,
      x,
      CASES.map((c) => c.target()),
      { method: 'hirescam', keepRaw: true, relu: false, normalization: 'none' },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.passes.count).toBe(1);
    CASES.forEach((c, target) => {
      for (let b = 0; b < B; b++) {
        const raw = result.maps.find((m) => m.sample === b && m.target === target)!.raw!;
        const fd: number[] = [];
        for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) fd.push(hiresFd(b, h, w, c.picks, c.logProb));
        const scale = Math.max(...fd.map(Math.abs));
        expect(scale, c.name).toBeGreaterThan(1e-2);
        const worst = Math.max(...fd.map((v, i) => Math.abs(v - raw.data[i])));
        expect(worst / scale, c.name).toBeLessThan(1e-4);
        const score = result.maps.find((m) => m.sample === b && m.target === target)!.score;
        expect(score).toBeCloseTo(scoreF64(A, b, c.picks, c.logProb), 4);
      }
    });
  });

  it('refuse a score that is not one value per row, naming the target', async () => {
    const before = tf.memory().numTensors;
    const scalar = outputTarget('whole batch', (o: tf.Tensor3D) => o.sum() as unknown as tf.Tensor1D);
    const one = tf.tidy(() => x.slice([0, 0, 0, 0], [1, -1, -1, -1])) as tf.Tensor4D;
    await expect(explain(model, one, scalar)).rejects.toThrow(
      /target 'whole batch' gave a score of shape \[\], but a target gives one value per row, shape \[1\]/,
    );
    const matrix = outputTarget('per step', (o: tf.Tensor3D) => o.sum(2) as unknown as tf.Tensor1D);
    await expect(explain(model, x, matrix)).rejects.toThrow(
      /target 'per step' gave a score of shape \[2, 6\]/,
    );
    await expect(explain(model, x, matrix, { method: 'scorecam' })).rejects.toThrow(GradcamError);
    one.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuse steps and classes out of range, and outputs that are not sequences', async () => {
    await expect(explain(model, x, characterTarget(1, [6]))).rejects.toThrow(
      /time step 6 is out of range; the output has 6 \(valid: 0..5\)/,
    );
    await expect(explain(model, x, characterTarget(4, [0]))).rejects.toThrow(/class 4 is out of range/);
    const flat: ExplainableModel<tf.Tensor4D, Record<string, never>, tf.Tensor2D> = {
      layer: 'columns',
      body: model.body,
      head: (a) => headTf(a).sum(1) as tf.Tensor2D,
    };
    await expect(explain(flat, x, characterTarget(1, [0]))).rejects.toThrow(/reads a sequence output/);
    await expect(explain(model, x, classTarget(0))).rejects.toThrow(/classTarget needs head outputs/);
  });
});
