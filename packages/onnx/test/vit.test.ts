import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { applyKernelFixes, classTarget, explain, GradcamError } from '@gradcam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTensors, loadOnnx, type OnnxAdapter, type OnnxExecutor, onnxModelAdapter } from '../src';
import { tokensToGrid } from '../src/adapter/tokens';
import { expectClose, seeded } from './helpers/run-op';
import { TINY_VIT, vitNet } from './helpers/vit-net';

const BACKENDS = ['cpu', 'wasm'] as const;
const CLASS = 3;
const GRID = TINY_VIT.image / TINY_VIT.patch;
const TOKENS = GRID * GRID + 1;

async function useBackend(name: string): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
  applyKernelFixes(name); // the WASM backend lacks the Gather gradient's UnsortedSegmentSum
}

/**
 * The class score of sample 0 from a run of the graph with `cut` replaced, and the tensors that
 * cross it (which do not depend on it) at their values.
 */
function score(exec: OnnxExecutor, feeds: Record<string, tf.Tensor>, cut: string, value: tf.Tensor): number {
  const [y] = exec.run({ ...feeds, [cut]: value }, ['y']);
  const v = y.dataSync()[CLASS];
  y.dispose();
  return v;
}

/**
 * Channel weights (mean over the grid of the head's gradient) against central differences of the
 * model's score with the tensor perturbed in its own ONNX layout: channel k of every grid token
 * moved by t / (h w), the prefix tokens left alone. Returns the worst error relative to the
 * largest weight.
 */
function channelWeightError(exec: OnnxExecutor, adapter: OnnxAdapter, x: tf.Tensor4D): number {
  const { activations, context } = adapter.body(x);
  const gradient = tf.grad((a: tf.Tensor) =>
    tf.sum(tf.slice(adapter.head(a as tf.Tensor4D, context), [0, CLASS], [1, 1])),
  )(activations);
  const [, h, w, channels] = gradient.shape;
  const g = gradient.dataSync();
  const weights = new Float64Array(channels);
  for (let i = 0; i < h * w; i++)
    for (let k = 0; k < channels; k++) weights[k] += g[i * channels + k] / (h * w);
  tf.dispose([activations, context, gradient]);

  const [raw, ...crossed] = exec.run({ x }, [adapter.tensor, ...adapter.crossing]);
  const fixed = Object.fromEntries(adapter.crossing.map((name, i) => [name, crossed[i]]));
  const { prefix, sequenceFirst } = adapter.tokens!;
  const base = raw.dataSync();
  const batch = raw.shape[1]!;
  let squares = 0;
  for (const v of base) squares += v * v;
  const scale = Math.max(Math.sqrt(squares / base.length), 1e-2);
  const numericWeights = (step: number): Float64Array =>
    Float64Array.from({ length: channels }, (_, k) => {
      const at = (sign: number) => {
        const values = Float32Array.from(base);
        for (let t = prefix; t < TOKENS; t++) {
          // Sample 0 only: [tokens, batch, channels] or [batch, tokens, channels].
          values[sequenceFirst ? t * batch * channels + k : t * channels + k] += (sign * step) / (h * w);
        }
        const value = tf.tensor(values, raw.shape);
        const v = score(exec, fixed, adapter.tensor, value);
        value.dispose();
        return v;
      };
      // Five-point central difference: truncation error O(step^4).
      return (8 * (at(1) - at(-1)) - (at(2) - at(-2))) / (12 * step);
    });
  const largest = Math.max(...weights.map(Math.abs));
  // After the last attention the patch tokens no longer reach the class token: all weights are 0.
  const reference = Math.max(largest, 1e-6);
  // Steps in proportion to the tensor's values, largest first: float32 rounding of the score
  // shrinks with the step, truncation grows with it (a variance of a few hundredths curves fast).
  // A wrong gradient disagrees at every step.
  let best = Number.POSITIVE_INFINITY;
  for (const factor of [0.2, 0.5, 0.05, 0.01]) {
    const numeric = numericWeights(factor * scale);
    const error = Math.max(...weights.map((wk, k) => Math.abs(wk - numeric[k]))) / reference;
    if (!Number.isNaN(error)) best = Math.min(best, error); // a large step can leave a variance < 0
    if (best < 1e-3) break;
  }
  tf.dispose([raw, ...crossed]);
  return best;
}

describe('a sequence-first ViT exported at opset 13, explained as a token grid', () => {
  let exec: OnnxExecutor;
  let x: tf.Tensor4D;

  beforeAll(async () => {
    await useBackend('cpu');
    exec = loadOnnx(vitNet());
    x = tf.tensor4d(seeded(2 * 3 * TINY_VIT.image ** 2, 17), [2, 3, TINY_VIT.image, TINY_VIT.image]);
  });
  afterAll(() => {
    exec.dispose();
    x.dispose();
  });

  it("cuts by default at the input of the last block's first LayerNorm, as a 3x3 grid after the class token", () => {
    const adapter = onnxModelAdapter(exec);
    expect(adapter.tensor).toBe('b1_in');
    expect(adapter.tokens).toEqual({ grid: [GRID, GRID], prefix: 1, sequenceFirst: true });
    expect(adapter.tensorChoice).toBe(
      "default: the input of 'b1/ln_1/mean', the first LayerNorm of the last attention block, " +
        'as the reference explains ViTs (blocks[-1].norm1), as a 3x3 grid after 1 prefix token',
    );
    const row = listTensors(exec).find((r) => r.isDefault)!;
    expect(row).toMatchObject({ name: 'b1_in', defaultReason: adapter.tensorChoice });
    expect(row.tokens).toEqual(adapter.tokens);
    // The channels-first reshape of the patch map is not mistaken for tokens.
    expect(listTensors(exec).find((r) => r.name === 'patch_flat')!.explainable).toBe(false);
  });

  it('puts token t of each sample at grid cell (t - prefix) row by row, and the head sees every token again', () => {
    for (const tensor of ['embedded', 'b1_in', 'b0_mid']) {
      const adapter = onnxModelAdapter(exec, { tensor });
      const { activations, context } = adapter.body(x);
      const [raw] = exec.run({ x }, [tensor]);
      const r = raw.dataSync();
      const a = activations.dataSync();
      const channels = TINY_VIT.dim;
      const expected = new Float64Array(a.length);
      for (let b = 0; b < 2; b++)
        for (let cell = 0; cell < GRID * GRID; cell++)
          for (let k = 0; k < channels; k++) {
            const t = cell + 1;
            const at = adapter.tokens!.sequenceFirst
              ? (t * 2 + b) * channels + k
              : (b * TOKENS + t) * channels + k;
            expected[(b * GRID * GRID + cell) * channels + k] = r[at];
          }
      expect(activations.shape).toEqual([2, GRID, GRID, channels]);
      expectClose(a, expected, 0);
      const whole = adapter.predict(x);
      const split = adapter.head(activations, context);
      expectClose(split.dataSync(), whole.dataSync(), 1e-5);
      tf.dispose([activations, context, raw, whole, split]);
    }
  });

  it('takes the grid when given, and refuses one that does not fit the tokens', () => {
    const given = onnxModelAdapter(exec, { tensor: 'b1_in', tokens: { grid: [GRID, GRID], prefix: 1 } });
    expect(given.tokens).toEqual({ grid: [GRID, GRID], prefix: 1, sequenceFirst: true });
    expect(() => onnxModelAdapter(exec, { tensor: 'b1_in', tokens: { grid: [4, 4] } })).toThrow(
      /tensor 'b1_in' \(Add\) is float32 \[10, 1, 8\], not a feature map .* nor tokens whose grid/,
    );
    expect(() => onnxModelAdapter(exec, { tokens: { grid: [3, 0] } })).toThrow(GradcamError);
  });

  it('refuses tokens that do not fill the measured grid (an input of another size), naming the tensor', () => {
    const layout = { grid: [3, 3] as [number, number], prefix: 1, sequenceFirst: false };
    const fits = tf.zeros([2, 10, 4]);
    const wider = tf.zeros([2, 13, 4]);
    const before = tf.memory().numTensors;
    const { grid, prefix } = tokensToGrid(fits, layout, 'b1_in');
    expect(grid.shape).toEqual([2, 3, 3, 4]);
    tf.dispose([grid, prefix]);
    expect(() => tokensToGrid(wider, layout, 'b1_in')).toThrow(
      "tensor 'b1_in' has 13 tokens for this input, but its grid was measured as 3x3 after 1 prefix token(s) (10)",
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([fits, wider]);
  });

  for (const backend of BACKENDS) {
    it(`channel weights at every explainable token tensor agree with finite differences on ${backend} (< 1e-3)`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const tensors = listTensors(exec).filter((r) => r.explainable && r.tokens);
      expect(tensors.length).toBeGreaterThan(30);
      const errors: Record<string, number> = {};
      const refused: string[] = [];
      for (const { name } of tensors) {
        try {
          errors[name] = channelWeightError(exec, onnxModelAdapter(exec, { tensor: name }), x);
        } catch (error) {
          // Cut inside attention, per-head tensors [batch * heads, ...] cross the cut: refused, by name.
          expect(error).toBeInstanceOf(GradcamError);
          expect((error as Error).message).toMatch(/crosses the cut at .* is not one row per sample/);
          refused.push(name);
        }
      }
      expect(
        refused.every((name) => /^b\d\/[qkv]$/.test(name)),
        refused.join(', '),
      ).toBe(true);
      const worst = Math.max(...Object.values(errors));
      expect(Object.keys(errors).length).toBeGreaterThan(30);
      expect(worst, JSON.stringify(errors)).toBeLessThan(1e-3);
      console.log(
        `${backend}: ${Object.keys(errors).length} token tensors, worst channel-weight error ` +
          `${worst.toExponential(2)} of the largest weight (default cut b1_in: ${errors.b1_in.toExponential(2)}); ` +
          `refused: ${refused.join(', ')}`,
      );
      expect(tf.memory().numTensors).toBe(before);
      await useBackend('cpu');
    });
  }

  it('draws the same maps on CPU and WASM (within 1e-4)', async () => {
    const maps: Record<string, Float32Array[]> = {};
    for (const backend of BACKENDS) {
      await useBackend(backend);
      const result = await explain(onnxModelAdapter(exec), x, [classTarget(CLASS), classTarget(1)]);
      expect(result.backend).toBe(backend);
      maps[backend] = result.maps.map((m) => Float32Array.from(m.map.data));
    }
    await useBackend('cpu');
    expect(maps.cpu).toHaveLength(4);
    maps.cpu.forEach((m, i) => {
      expectClose(maps.wasm[i], m, 1e-4);
    });
  });
});
