import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { classTarget, type ExplainableModel, explain } from '../src';
import { maxRelDiff } from './helpers/cam-formulas-f64';
import { maxAbsDiff, nchwToNhwc, readF32, TORCHVISION_FIXTURES } from './helpers/fixtures';
import { inReferenceOrientation, postprocessed, svdSingle } from './helpers/reference-orientation';
import { skipWithout } from './helpers/required-resource';

/**
 * Every method that needs only the activations and the gradient at the cut, against the files
 * pytorch-grad-cam wrote for it (ref/<model>/methods/, see the fixtures' README). The head is
 * score = sum(A * G) with the reference's A and G, so its gradient is the reference's exactly and
 * everything after it is ours. The fixtures' gradient is constant over space (GAP then FC), so
 * these files cannot tell HiResCAM from Grad-CAM: method-values.test.ts does that. Score-CAM and
 * Ablation-CAM need the whole model: packages/onnx/test/reference-methods.test.ts, which
 * also runs every method here at batch 8.
 */
const MODELS = [
  { name: 'resnet18', channels: 512 },
  { name: 'mobilenet_v2', channels: 1280 },
] as const;

const WITH_WEIGHTS = ['gradcam', 'gradcampp', 'xgradcam'];
const METHODS = ['gradcam', 'gradcampp', 'xgradcam', 'hirescam', 'layercam', 'eigencam', 'eigengradcam'];
const EIGEN = new Set(['eigencam', 'eigengradcam']);

function linearHeadModel(activations: tf.Tensor4D, gradients: tf.Tensor4D): ExplainableModel<tf.Tensor4D> {
  return {
    layer: 'fixture',
    inputSize: () => [224, 224],
    body: () => ({ activations: activations.clone(), context: {} }),
    head: (a) => tf.tidy(() => a.mul(gradients).sum([1, 2, 3]).reshape([-1, 1])),
  };
}

describe.skipIf(skipWithout(TORCHVISION_FIXTURES))('every gradient method against pytorch-grad-cam', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const { name, channels } of MODELS) {
    for (const method of METHODS) {
      it(`${name} ${method}: ${WITH_WEIGHTS.includes(method) ? 'weights, ' : ''}raw map and 224x224 map`, async () => {
        const shape = [1, channels, 7, 7];
        const acts = nchwToNhwc(readF32(`ref/${name}/activations.f32`), shape);
        const grads = nchwToNhwc(readF32(`ref/${name}/gradients.f32`), shape);
        const x = tf.zeros([1, 224, 224, 3]) as tf.Tensor4D;
        const before = tf.memory().numTensors;
        const result = await explain(linearHeadModel(acts, grads), x, classTarget(0), {
          method,
          keepRaw: true,
        });
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([acts, grads, x]);
        const [map] = result.maps;
        const ref = (file: string) => readF32(`ref/${name}/methods/${method}_${file}.f32`);

        if (WITH_WEIGHTS.includes(method))
          expect(maxRelDiff(map.weights!, ref('weights'))).toBeLessThan(1e-6);
        else expect(map.weights).toBeUndefined();
        const cam224 = ref('cam224');
        if (EIGEN.has(method)) {
          const sign = svdSingle(name, method);
          const raw = inReferenceOrientation(map.raw!.data, sign);
          expect(maxRelDiff(raw, ref('raw'))).toBeLessThan(1e-5);
          // Our own sign rule may pick the other side; the map of the reference's side, from our raw map:
          expect(maxAbsDiff(await postprocessed(raw), cam224)).toBeLessThan(1e-4);
        } else {
          expect(maxRelDiff(map.raw!.data, ref('raw'))).toBeLessThan(1e-5);
          expect(maxAbsDiff(map.map.data, cam224)).toBeLessThan(1e-4);
        }
      });
    }
  }
});
