import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classTarget, explain } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileSystemSaver, layersModelAdapter, loadModel } from '../src';
import {
  inceptionLike,
  nestedModel,
  resnetLike,
  type TwinModels,
  twoInputsSoftmax,
} from './helpers/layer-models';

const EPS = 2e-2;

/** Within 0.2% of the largest magnitude, plus the rounding noise of the float32 differences. */
function expectClose(ours: number[], fd: number[], noise: number) {
  const scale = Math.max(...fd.map(Math.abs));
  expect(scale).toBeGreaterThan(20 * noise);
  const worst = Math.max(...ours.map((v, i) => Math.abs(v - fd[i])));
  expect(worst).toBeLessThan(2e-3 * scale + noise);
}

async function saveAndLoad(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  const dir = mkdtempSync(join(tmpdir(), 'gradcam-layers-'));
  await model.save(fileSystemSaver(dir));
  const loaded = await loadModel(dir);
  expect(loaded.kind).toBe('layers');
  return loaded.model as tfl.LayersModel;
}

describe('LayersModel of any shape, saved to disk and loaded back', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const cases: [string, () => TwinModels][] = [
    ['residual block with a skip around the cut', resnetLike],
    ['Inception-like branches joined by Concatenate, Dropout', inceptionLike],
    ['two inputs, ends in a Dense with softmax', twoInputsSoftmax],
    ['nested sub-model, cut inside it, ends in Activation(softmax)', nestedModel],
  ];

  for (const [title, build] of cases) {
    it(`${title}: the gradient at the cut equals finite differences of the full model`, async () => {
      const twins = build();
      const loaded = await saveAndLoad(twins.model);
      const adapter = layersModelAdapter(loaded, { layer: twins.layer });
      expect(adapter.layer).toBe(twins.layer);
      expect(adapter.scoresLogits).toBe(twins.softmax);
      const inputs = twins.inputs();
      const input = inputs.length === 1 ? inputs[0] : inputs;

      // Body + head reproduce the model (its logits, for models that end in a softmax).
      const predicted = adapter.predict(input);
      const reference = twins.model.predict(inputs) as tf.Tensor;
      const comparable = twins.softmax ? tf.softmax(predicted) : predicted;
      expect(tf.max(tf.abs(tf.sub(comparable, reference))).dataSync()[0]).toBeLessThan(1e-5);

      // The head's gradient at the cut, as the engine takes it ...
      const cls = 1;
      const { activations, context } = adapter.body(input);
      const [batch, h, w, c] = activations.shape;
      const gradient = tf.tidy(() =>
        tf.grad((a) =>
          adapter
            .head(a as tf.Tensor4D, context)
            .slice([0, cls], [-1, 1])
            .sum(),
        )(activations),
      );
      const g = gradient.arraySync() as number[][][][];
      // ... against central differences of the twin, which adds a delta at a few positions.
      const logit = (delta: tf.Tensor) =>
        tf.tidy(() => (twins.withDelta.predict([...inputs, delta]) as tf.Tensor).arraySync() as number[][]);
      const ours: number[] = [];
      const fd: number[] = [];
      const base = logit(tf.zeros([batch, h, w, c]));
      // float32 rounding of the logits, seen through a difference quotient.
      const largest = Math.max(...base.flat().map(Math.abs));
      const noise = 2 ** (Math.floor(Math.log2(largest)) - 23) / EPS;
      for (let sample = 0; sample < batch; sample++) {
        for (const [i, j, k] of [
          [0, 0, 0],
          [1, 2, 3],
          [h - 1, w - 1, c - 1],
          [3, 4, 5],
          [h - 2, 1, 2],
        ]) {
          const direction = tf.tidy(() => {
            const one = tf.buffer([batch, h, w, c]);
            one.set(1, sample, i, j, k);
            return one.toTensor();
          });
          const plus = logit(direction.mul(EPS))[sample][cls];
          const minus = logit(direction.mul(-EPS))[sample][cls];
          direction.dispose();
          // These nets are piecewise linear: one-sided differences agree unless a step crosses a
          // ReLU kink, where no finite difference is the derivative. Skip those positions.
          const forward = (plus - base[sample][cls]) / EPS;
          const backward = (base[sample][cls] - minus) / EPS;
          if (
            Math.abs(forward - backward) >
            1e-3 * Math.max(Math.abs(forward), Math.abs(backward)) + 4 * noise
          )
            continue;
          fd.push((plus - minus) / (2 * EPS));
          ours.push(g[sample][i][j][k]);
        }
      }
      expect(fd.length).toBeGreaterThanOrEqual(6);
      expectClose(ours, fd, 4 * noise);
      // explain() reads the same gradient: its Grad-CAM weights are its spatial means.
      const result = await explain(adapter, input, classTarget(cls), { keepRaw: true });
      const means = tf.tidy(() => gradient.mean([1, 2]).arraySync() as number[][]);
      for (const m of result.maps) {
        expect(Math.max(...Array.from(m.weights!, (v, k) => Math.abs(v - means[m.sample][k])))).toBeLessThan(
          1e-6,
        );
      }
      tf.dispose([activations, gradient, ...Object.values(context)]);
      tf.dispose([...inputs, predicted, reference, comparable]);
    });
  }

  it('picks the last 4-D layer before the pooling by default and says so', () => {
    const { model } = resnetLike();
    const adapter = layersModelAdapter(model);
    expect(adapter.layer).toBe('out_relu');
    expect(adapter.layerChoice).toMatch(/default/);
    expect(adapter.crossing).toEqual([]);
    const nested = layersModelAdapter(nestedModel().model);
    expect(nested.layer).toBe('base/inner_b');
  });

  it('keeps the tensors that cross the cut in the context', () => {
    expect(layersModelAdapter(resnetLike().model, { layer: 'mid' }).crossing).toEqual(['stem']);
    expect(layersModelAdapter(inceptionLike().model, { layer: 'branch_3x3' }).crossing.sort()).toEqual([
      'branch_1x1',
      'branch_5x5',
    ]);
    expect(layersModelAdapter(twoInputsSoftmax().model, { layer: 'conv_b' }).crossing).toEqual([
      'vector_proj',
    ]);
  });

  it('an unknown layer lists the explainable ones; a 2-D layer is refused with its shape', () => {
    const { model } = resnetLike();
    expect(() => layersModelAdapter(model, { layer: 'nope' })).toThrow(
      "unknown layer 'nope'; explainable layers: stem [batch, 8, 8, 8], mid [batch, 8, 8, 8]",
    );
    expect(() => layersModelAdapter(model, { layer: 'gap' })).toThrow(
      /layer 'gap' has output \[batch, 8\]; Grad-CAM needs a 4-D/,
    );
  });

  it('a wrong input shape says the expected one', async () => {
    const adapter = layersModelAdapter(resnetLike().model);
    const x = tf.zeros([1, 9, 8, 3]);
    await expect(explain(adapter, x, classTarget(0))).rejects.toThrow(
      /input 'resnet_like_in0(_\d+)?' has shape \[1, 9, 8, 3\]; the model expects \[batch, 8, 8, 3\]/,
    );
    x.dispose();
  });

  it('differentiates the probability only when asked', async () => {
    const { model } = twoInputsSoftmax();
    const probs = layersModelAdapter(model, { probabilities: true });
    expect(probs.scoresLogits).toBe(false);
    const inputs = [tf.randomNormal([1, 8, 8, 3]), tf.randomNormal([1, 5])];
    const p = probs.predict(inputs);
    expect(tf.sum(p).dataSync()[0]).toBeCloseTo(1, 5);
    tf.dispose([...inputs, p]);
  });

  it('memory stays flat over 200 explanations', async () => {
    const adapter = layersModelAdapter(resnetLike().model, { layer: 'mid' });
    const x = tf.randomNormal([1, 8, 8, 3]);
    await explain(adapter, x, classTarget(0));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++)
      await explain(adapter, x, [classTarget(0), classTarget(2)], {
        method: i % 2 ? 'gradcampp' : 'gradcam',
      });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
