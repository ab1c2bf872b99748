import { classTarget, type Explanation, explain, predictedTarget } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelAdapter } from '../src/graph';
import { maxAbsDiff } from './helpers/graph-compare';
import { reshapeNet, residualNet } from './helpers/graph-test-nets';

/** Grad-CAM through the GraphModel adapter against the same network written with plain TF.js ops. */
describe('GraphModel adapter: maps equal those of plain TF.js ops with the same weights', () => {
  const net = residualNet(5);
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 21) as tf.Tensor4D;
  const targets = [classTarget(0), classTarget(2), predictedTarget()];

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  for (const node of [undefined, 'conv2', 'dw', 'relu']) {
    for (const method of ['gradcam', 'gradcampp', 'hirescam']) {
      it(`${method} at ${node ?? 'the default node'}`, async () => {
        const adapter = graphModelAdapter(net.model, { node });
        const ours = await explain(adapter, x, targets, { method, keepRaw: true, maxRowsPerPass: 4 });
        const reference = await explain(net.reference(adapter.layer), x, targets, { method, keepRaw: true });
        expectSameMaps(ours, reference);
      });
    }
  }

  it('the default node is the last spatial map before the pooling', () => {
    expect(graphModelAdapter(net.model).layer).toBe('act3');
  });

  it('counterfactual maps and maps averaged over several nodes', async () => {
    const adapters = graphModelAdapter(net.model, { node: ['conv2', 'act3'] });
    const ours = await explain(adapters, x, targets, { counterfactual: true });
    const reference = await explain([net.reference('conv2'), net.reference('act3')], x, targets, {
      counterfactual: true,
    });
    expectSameMaps(ours, reference);
  });

  it('a cut whose head recomputes shape arithmetic from the input, with several targets per sample', async () => {
    const reshaping = reshapeNet(4);
    const input = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 8) as tf.Tensor4D;
    const several = [classTarget(0), classTarget(1), classTarget(3)];
    const ours = await explain(graphModelAdapter(reshaping.model, { node: 'c2' }), input, several, {
      keepRaw: true,
    });
    const reference = await explain(reshaping.reference('c2'), input, several, { keepRaw: true });
    expectSameMaps(ours, reference);
    input.dispose();
    reshaping.dispose();
  });
});

function expectSameMaps(ours: Explanation, reference: Explanation): void {
  expect(ours.activationShapes).toEqual(reference.activationShapes);
  expect(ours.maps.length).toBe(reference.maps.length);
  ours.maps.forEach((map, i) => {
    const expected = reference.maps[i];
    expect([map.sample, map.target]).toEqual([expected.sample, expected.target]);
    expect(Math.abs(map.score - expected.score)).toBeLessThan(1e-5);
    expect(maxAbsDiff(map.map.data, expected.map.data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(map.lowres.data, expected.lowres.data)).toBeLessThan(1e-4);
    if (expected.raw) {
      expect(Math.max(...Array.from(expected.raw.data, Math.abs))).toBeGreaterThan(1e-4);
      expect(maxAbsDiff(map.raw!.data, expected.raw.data)).toBeLessThan(1e-5);
    }
  });
}
