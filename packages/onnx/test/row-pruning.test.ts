import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { applyKernelFixes } from '@gradcam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnx, type OnnxExecutor, onnxModelAdapter } from '../src';
import { probeGraph } from '../src/adapter/facts';
import { prunedHead } from '../src/adapter/row-pruning';
import type { GraphIndex } from '../src/executor/graph-index';
import { encodeModel } from './helpers/onnx-builder';
import { seeded } from './helpers/run-op';
import { TINY_VIT, vitNet } from './helpers/vit-net';

const BACKENDS = ['cpu', 'wasm'] as const;
const TOKENS = (TINY_VIT.image / TINY_VIT.patch) ** 2 + 1;

async function useBackend(name: string): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
  applyKernelFixes(name);
}

/** Largest difference relative to the largest magnitude of the reference. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let largest = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    largest = Math.max(largest, Math.abs(expected[i]));
  }
  return worst / largest;
}

/** The scored output and the gradient at the cut of a weighted sum of it, from one graph. */
function outputAndGradient(
  exec: OnnxExecutor,
  feeds: Record<string, tf.Tensor>,
  cut: string,
  weights: tf.Tensor,
  graph?: GraphIndex,
): { y: Float32Array; gradient: Float32Array; shape: number[] } {
  const run = (value: tf.Tensor) => exec.run({ ...feeds, [cut]: value }, ['y'], graph ? { graph } : {})[0];
  const y = run(feeds[cut]);
  const gradient = tf.grad((value: tf.Tensor) => tf.sum(tf.mul(run(value), weights)))(feeds[cut]);
  const out = {
    y: y.dataSync() as Float32Array,
    gradient: gradient.dataSync() as Float32Array,
    shape: gradient.shape,
  };
  tf.dispose([y, gradient]);
  return out;
}

describe('the head computes only the rows its score reads', () => {
  let exec: OnnxExecutor;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    await useBackend('cpu');
    exec = loadOnnx(vitNet());
    x = tf.tensor4d(seeded(2 * 3 * TINY_VIT.image ** 2, 5), [2, 3, TINY_VIT.image, TINY_VIT.image]);
  });
  afterAll(() => {
    exec.dispose();
    x.dispose();
  });

  it("prunes a ViT's last block to the class token's row, its attention to the class token's query", () => {
    const graph = prunedHead(exec, probeGraph(exec, 'x'), ['b1_in'], 'y')!;
    expect(graph).toBeDefined();
    const names = new Set(graph.order.map((n) => n.name));
    for (const name of [
      'b1/mlp_1/matmul',
      'b1/mlp_2/matmul',
      'b1/out_proj/matmul',
      'b1/scores',
      'b1/mixed',
    ]) {
      expect(names.has(`${name}::rows`), name).toBe(true);
      expect(names.has(name), name).toBe(false);
    }
    // Keys and values still read every token: the nodes before the split stay whole.
    expect(names.has('b1/in_proj/matmul')).toBe(true);
  });

  for (const backend of BACKENDS) {
    it(`gives the unpruned head's output and gradient at the cut on ${backend} (< 1e-5 relative)`, async () => {
      await useBackend(backend);
      const facts = probeGraph(exec, 'x');
      const cuts = ['b1_in', 'b1_mid', 'b0_mid', 'b1/merged'];
      // The first pass caches derived constants (kept with the model); the second must leave nothing.
      let before = 0;
      for (const [pass, cut] of [...cuts, ...cuts].entries()) {
        if (pass === cuts.length) before = tf.memory().numTensors;
        const adapter = onnxModelAdapter(exec, { tensor: cut });
        const names = [cut, ...adapter.crossing];
        const values = exec.run({ x }, names);
        const feeds = Object.fromEntries(names.map((n, i) => [n, values[i]]));
        const graph = prunedHead(exec, facts, names, 'y');
        expect(graph, cut).toBeDefined();
        const weights = tf.tensor2d(seeded(2 * TINY_VIT.classes, 9), [2, TINY_VIT.classes]);
        const whole = outputAndGradient(exec, feeds, cut, weights);
        const pruned = outputAndGradient(exec, feeds, cut, weights, graph);
        expect(relativeError(pruned.y, whole.y), cut).toBeLessThan(1e-5);
        expect(relativeError(pruned.gradient, whole.gradient), cut).toBeLessThan(1e-5);
        if (cut === 'b1_in') {
          // Through the keys and values, every token of every sample still gets a gradient.
          const row = whole.gradient.length / (TOKENS * 2);
          for (let t = 0; t < TOKENS * 2; t++) {
            const part = pruned.gradient.slice(t * row, (t + 1) * row);
            expect(
              part.some((v) => v !== 0),
              `token row ${t}`,
            ).toBe(true);
          }
        }
        tf.dispose([...values, weights]);
      }
      expect(tf.memory().numTensors).toBe(before);
      await useBackend('cpu');
    });
  }
});

/** x [4, 1, 3] -> Softmax(axis) -> Gather(row 0, axis 0) -> y [1, 3]. */
function softmaxThenRow(axis: number): OnnxExecutor {
  return loadOnnx(
    encodeModel({
      opset: 13,
      nodes: [
        { op: 'Softmax', name: 'soft', inputs: ['x'], outputs: ['s'], attrs: { axis: { i: axis } } },
        { op: 'Gather', name: 'pick', inputs: ['s', 'zero'], outputs: ['y'], attrs: { axis: { i: 0 } } },
      ],
      inputs: [{ name: 'x', shape: [4, 1, 3] }],
      outputs: [{ name: 'y', shape: [1, 3] }],
      initializers: [{ name: 'zero', dims: [], type: 'int64', data: [0n] }],
    }),
  );
}

describe('the row rewrite keeps a node that is not row-wise whole', () => {
  it('a Softmax over the token axis mixes the rows: nothing is pruned', () => {
    const exec = softmaxThenRow(0);
    expect(prunedHead(exec, probeGraph(exec, 'x'), ['x'], 'y')).toBeUndefined();
    exec.dispose();
  });

  it('a Softmax over the channels is row-wise: computed on the one row, with the same values', () => {
    const exec = softmaxThenRow(-1);
    const graph = prunedHead(exec, probeGraph(exec, 'x'), ['x'], 'y')!;
    expect(graph.order.map((n) => n.opType)).toEqual(['Slice', 'Softmax', 'Gather']);
    const x = tf.tensor3d(seeded(12, 3), [4, 1, 3]);
    const [whole] = exec.run({ x }, ['y']);
    const [pruned] = exec.run({ x }, ['y'], { graph });
    expect(pruned.shape).toEqual([1, 3]);
    expect(relativeError(pruned.dataSync(), whole.dataSync())).toBeLessThan(1e-6);
    tf.dispose([x, whole, pruned]);
    exec.dispose();
  });
});
