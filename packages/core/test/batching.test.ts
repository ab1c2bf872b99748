import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, explain, methodNames } from '../src';
import { maxAbsDiff } from './helpers/fixtures';
import { tinyConvNet } from './helpers/tiny-convnet';

describe('many targets of one input', () => {
  const net = tinyConvNet(11);
  const x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
  const targets = [0, 1, 2, 3, 4].map((c) => classTarget(c));

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  for (const method of methodNames()) {
    it(`${method}: K targets in one call equal K separate calls, and chunked passes equal one pass`, async () => {
      const together = await explain(net, x, targets, { method, keepRaw: true, batchSize: 3 });
      const chunked = await explain(net, x, targets, {
        method,
        keepRaw: true,
        batchSize: 3,
        maxRowsPerPass: 3,
      });
      expect(together.maps).toHaveLength(10);
      for (const [k, target] of targets.entries()) {
        const alone = await explain(net, x, target, { method, keepRaw: true, batchSize: 3 });
        for (const m of alone.maps) {
          const batched = together.maps.find((b) => b.sample === m.sample && b.target === k)!;
          expect(batched.score).toBeCloseTo(m.score, 5);
          expect(maxAbsDiff(batched.raw!.data, m.raw!.data)).toBeLessThan(1e-5);
          expect(maxAbsDiff(batched.map.data, m.map.data)).toBeLessThan(1e-5);
        }
      }
      for (const [i, m] of together.maps.entries()) {
        expect(maxAbsDiff(chunked.maps[i].map.data, m.map.data)).toBeLessThan(1e-5);
      }
    });
  }

  it('reports the passes it used under a row cap', async () => {
    const result = await explain(net, x, targets, { maxRowsPerPass: 4 });
    expect(result.passes).toEqual({ rowsPerPass: 4, count: 3 });
    expect(result.maps.map((m) => [m.sample, m.target])).toEqual(
      [0, 1].flatMap((s) => [0, 1, 2, 3, 4].map((t) => [s, t])),
    );
  });

  it('scores are the logits of the model', async () => {
    const result = await explain(net, x, targets);
    const logits = tf.tidy(() => net.logitsWithDelta(x, tf.zeros([2, 8, 8, 8])).arraySync());
    for (const m of result.maps) expect(m.score).toBeCloseTo(logits[m.sample][m.target], 5);
  });

  it('counterfactual maps come from negated gradients', async () => {
    const plain = await explain(net, x, classTarget(1), { keepRaw: true });
    const counter = await explain(net, x, classTarget(1), { keepRaw: true, counterfactual: true });
    expect(counter.counterfactual).toBe(true);
    for (const [i, m] of plain.maps.entries()) {
      const negated = Array.from(m.weights!, (v) => -v);
      expect(maxAbsDiff(counter.maps[i].weights!, negated)).toBeLessThan(1e-7);
      expect(
        maxAbsDiff(
          counter.maps[i].raw!.data,
          Array.from(m.raw!.data, (v) => -v),
        ),
      ).toBeLessThan(1e-6);
    }
  });

  it('several layers: the reference averages the per-layer maps and normalises again', async () => {
    const one = await explain(net, x, classTarget(0));
    const two = await explain([net, net], x, classTarget(0));
    expect(two.layers).toEqual(['block2', 'block2']);
    for (const [i, m] of one.maps.entries())
      expect(maxAbsDiff(two.maps[i].map.data, m.map.data)).toBeLessThan(1e-6);
  });
});
