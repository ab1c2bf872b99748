import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelAdapter } from '../src/graph';
import { expectRelativelyClose, expectTensorsClose } from './helpers/graph-compare';
import { reshapeNet, residualNet, splitNet } from './helpers/graph-test-nets';

/**
 * The head's gradient at the cut against central finite differences of the whole model with a
 * perturbation added at the cut (body, plus the perturbation, then head; the first test checks
 * that body then head is the whole graph). The cuts are chosen so that the head runs every fused op
 * (_FusedConv2D with and without an activation, FusedDepthwiseConv2dNative with Relu6,
 * _FusedMatMul with Relu) and so that a skip connection crosses the cut.
 */
describe('GraphModel adapter: gradients at the cut', () => {
  const net = residualNet(3);
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
  // The head is piecewise linear, so a large step costs no accuracy, and float32 rounding of the
  // scores weighs less in the difference quotient.
  const EPS = 2e-2;

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  it('body then head computes what the whole graph computes, and what plain TF.js ops compute', () => {
    for (const node of ['conv1', 'conv2', 'dw', 'pw', 'add', 'act3']) {
      const adapter = graphModelAdapter(net.model, { node });
      const { activations, context } = adapter.body(x);
      tf.tidy(() => {
        const split = adapter.head(activations, context);
        expectTensorsClose(split, net.model.execute(x, 'logits') as tf.Tensor, 1e-5);
        expectTensorsClose(split, net.logits(x), 1e-4);
      });
      tf.dispose([activations, context]);
    }
  });

  it('feeds the skip connection around the cut to the head', () => {
    expect(graphModelAdapter(net.model, { node: 'conv2' }).crossing).toEqual(['conv1']);
    expect(graphModelAdapter(net.model, { node: 'dw' }).crossing).toEqual(['conv1']);
    expect(graphModelAdapter(net.model, { node: 'pw' }).crossing).toEqual(['conv1']);
    expect(graphModelAdapter(net.model, { node: 'relu' }).crossing).toEqual([]);
  });

  for (const node of ['conv1', 'conv2', 'dw', 'act3']) {
    it(`head gradient at '${node}' equals finite differences of the perturbed model`, () => {
      const adapter = graphModelAdapter(net.model, { node });
      const { activations, context } = adapter.body(x);
      for (const cls of [0, 3]) {
        // Rows are independent, so the gradient of the sum over samples is each sample's own.
        const score = (a: tf.Tensor) =>
          adapter
            .head(a as tf.Tensor4D, context)
            .slice([0, cls], [-1, 1])
            .sum();
        const gradient = tf.tidy(() => tf.grad(score)(activations));
        const analytic: number[] = [];
        const numeric: number[] = [];
        for (const direction of directions(activations.shape, 17 + cls)) {
          const fd = linearDifference(score, activations, direction, EPS);
          if (fd !== undefined) {
            analytic.push(tf.tidy(() => gradient.mul(direction).sum().dataSync()[0]));
            numeric.push(fd);
          }
          direction.dispose();
        }
        gradient.dispose();
        expect(numeric.length).toBeGreaterThanOrEqual(10);
        expectRelativelyClose(analytic, numeric, 2e-3);
      }
      tf.dispose([activations, context]);
    });
  }

  it('recomputes a node in the head when two of its outputs cross the cut', () => {
    const splitting = splitNet(6);
    const adapter = graphModelAdapter(splitting.model, { node: 'branch' });
    expect(adapter.crossing).toEqual(['conv']);
    const input = tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 4) as tf.Tensor4D;
    const ours = adapter.body(input);
    const reference = splitting.reference('branch').body(input);
    tf.tidy(() => {
      expectTensorsClose(adapter.head(ours.activations, ours.context), splitting.logits(input), 1e-5);
      const score = (head: (a: tf.Tensor4D) => tf.Tensor) => (a: tf.Tensor) => head(a as tf.Tensor4D).sum();
      expectTensorsClose(
        tf.grad(score((a) => adapter.head(a, ours.context)))(ours.activations),
        tf.grad(score((a) => splitting.reference('branch').head(a, reference.context)))(
          reference.activations,
        ),
        1e-6,
      );
    });
    tf.dispose([ours.activations, ours.context, reference.activations, reference.context, input]);
    splitting.dispose();
  });

  it('recomputes shape arithmetic that crosses the cut, so the head follows its own batch of rows', () => {
    const reshaping = reshapeNet(2);
    const adapter = graphModelAdapter(reshaping.model, { node: 'c2' });
    expect(new Set(adapter.crossing)).toEqual(new Set(['c1', 'input']));
    const input = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
    const { activations, context } = adapter.body(input);
    tf.tidy(() => {
      // Three rows per sample, as the engine tiles them for three targets.
      const rows = [0, 1, 0, 1, 0, 1];
      const tiled = Object.fromEntries(Object.entries(context).map(([k, t]) => [k, tf.gather(t, rows)]));
      const split = adapter.head(tf.gather(activations, rows), tiled);
      expectTensorsClose(split, tf.gather(reshaping.logits(input), rows), 1e-4);
    });
    tf.dispose([activations, context, input]);
    reshaping.dispose();
  });
});

/**
 * The head is piecewise linear (convolutions, ReLU/ReLU6, means, matrix products), so on a linear
 * piece the forward and backward differences agree and the central difference is the directional
 * derivative. When they disagree, a kink lies within the step and the direction is left out.
 */
function linearDifference(
  score: (a: tf.Tensor) => tf.Tensor,
  at: tf.Tensor,
  direction: tf.Tensor,
  eps: number,
): number | undefined {
  const [plus, centre, minus] = tf.tidy(() =>
    [at.add(direction.mul(eps)), at, at.sub(direction.mul(eps))].map((a) => score(a).dataSync()[0]),
  );
  const forward = (plus - centre) / eps;
  const backward = (centre - minus) / eps;
  // Rounding alone moves a float32 difference quotient by a few units of 2^-24 / eps.
  const rounding = (4 * 2 ** -24) / eps;
  const onOnePiece =
    Math.abs(forward - backward) <= 1e-3 * Math.max(Math.abs(forward), Math.abs(backward)) + rounding;
  return onOnePiece ? (plus - minus) / (2 * eps) : undefined;
}

/**
 * Single elements spread over both samples, then small patches (2x2 pixels, all channels) with
 * random weights. Few elements move, so the perturbation rarely crosses a ReLU kink downstream.
 */
function directions(shape: number[], seed: number): tf.Tensor[] {
  const [batch, h, w, c] = shape;
  const random = tf.randomUniform([128], 0, 1, 'float32', seed);
  const draws = random.dataSync();
  random.dispose();
  let drawn = 0;
  const next = (n: number) => Math.floor(draws[drawn++ % draws.length] * n);
  const out: tf.Tensor[] = [];
  for (let k = 0; k < 12; k++) {
    const one = tf.buffer(shape);
    one.set(1, k % batch, next(h), next(w), next(c));
    out.push(one.toTensor());
  }
  for (let k = 0; k < 4; k++) {
    const patch = tf.buffer(shape);
    const [i, j] = [next(h - 1), next(w - 1)];
    for (const [di, dj] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]) {
      for (let ch = 0; ch < c; ch++) patch.set((next(2001) / 1000 - 1) * 0.3, k % batch, i + di, j + dj, ch);
    }
    out.push(patch.toTensor());
  }
  return out;
}
