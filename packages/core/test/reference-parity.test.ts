import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { classTarget, type ExplainableModel, explain } from '../src';
import { maxAbs, maxAbsDiff, nchwToNhwc, readF32, TORCHVISION_FIXTURES } from './helpers/fixtures';
import { skipWithout } from './helpers/required-resource';

/**
 * The reference's activations and gradients, fed through a head whose gradient with respect to
 * the activations is exactly the reference's gradient: score = sum(A * G). Everything from the
 * gradient on (weights, raw map, ReLU, normalisation, resize) is then ours to match.
 */
function linearHeadModel(activations: tf.Tensor4D, gradients: tf.Tensor4D): ExplainableModel<tf.Tensor4D> {
  return {
    layer: 'fixture',
    inputSize: () => [224, 224],
    body: () => ({ activations: activations.clone(), context: {} }),
    head: (a) => tf.tidy(() => a.mul(gradients).sum([1, 2, 3]).reshape([-1, 1])),
  };
}

const MODELS = ['resnet18', 'mobilenet_v2'] as const;
const input = () => tf.zeros([1, 224, 224, 3]) as tf.Tensor4D;

const withoutFixtures = skipWithout(TORCHVISION_FIXTURES);

describe.skipIf(withoutFixtures)('parity with pytorch-grad-cam on the torchvision fixtures', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const name of MODELS) {
    const channels = name === 'resnet18' ? 512 : 1280;
    for (const method of ['gradcam', 'gradcampp'] as const) {
      it(`${name} ${method}: weights, raw, low-res and 224x224 maps`, async () => {
        const shape = [1, channels, 7, 7];
        const acts = nchwToNhwc(readF32(`ref/${name}/activations.f32`), shape);
        const grads = nchwToNhwc(readF32(`ref/${name}/gradients.f32`), shape);
        const x = input();
        const result = await explain(linearHeadModel(acts, grads), x, classTarget(0), {
          method,
          keepRaw: true,
        });
        const [map] = result.maps;

        const refWeights = readF32(`ref/${name}/${method}_weights.f32`);
        expect(maxAbsDiff(map.weights!, refWeights) / maxAbs(refWeights)).toBeLessThan(1e-6);
        const refRaw = readF32(`ref/${name}/${method}_raw.f32`);
        expect(maxAbsDiff(map.raw!.data, refRaw) / maxAbs(refRaw)).toBeLessThan(1e-5);
        expect(maxAbsDiff(map.lowres.data, readF32(`ref/${name}/${method}_lowres_norm.f32`))).toBeLessThan(
          1e-5,
        );
        expect(map.map.width).toBe(224);
        expect(maxAbsDiff(map.map.data, readF32(`ref/${name}/${method}_224.f32`))).toBeLessThan(1e-4);
        tf.dispose([acts, grads, x]);
      });
    }

    it(`${name} batch of 8: post-processing of the reference's raw maps gives its 224x224 maps`, async () => {
      // Raw maps as a single channel with score = sum(A): gradient 1, Grad-CAM weight 1, raw = A.
      const raw = tf.tensor4d(readF32(`ref/${name}/batch8_gradcam_raw.f32`), [8, 7, 7, 1]);
      const model: ExplainableModel<tf.Tensor4D> = {
        layer: 'raw',
        inputSize: () => [224, 224],
        body: () => ({ activations: raw.clone(), context: {} }),
        head: (a) => a.sum([1, 2, 3]).reshape([-1, 1]),
      };
      const x = tf.zeros([8, 224, 224, 3]) as tf.Tensor4D;
      const result = await explain(model, x, classTarget(0));
      const ref = readF32(`ref/${name}/batch8_gradcam_224.f32`);
      expect(result.maps).toHaveLength(8);
      for (const m of result.maps) {
        const refMap = ref.subarray(m.sample * 224 * 224, (m.sample + 1) * 224 * 224);
        expect(maxAbsDiff(m.map.data, refMap)).toBeLessThan(1e-4);
      }
      tf.dispose([raw, x]);
    });
  }
});
