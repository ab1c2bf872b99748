import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { classTarget, type ExplainableModel, explain } from '../src';
import { maxRelDiff } from './helpers/cam-formulas-f64';
import { maxAbsDiff, nchwToNhwc, readF32, TORCHVISION, TORCHVISION_FIXTURES } from './helpers/fixtures';
import { skipWithout } from './helpers/required-resource';

/**
 * Every method that needs only the activations and the gradient at the cut, against the files
 * pytorch-grad-cam wrote for it (ref/<model>/methods/, see the fixtures' README). The head is
 * score = sum(A * G) with the reference's A and G, so its gradient is the reference's exactly and
 * everything after it is ours. The fixtures' gradient is constant over space (GAP then FC), so
 * these files cannot tell HiResCAM from Grad-CAM: method-values.test.ts does that. Score-CAM and
 * Ablation-CAM need the whole model: packages/onnx/test/parity.test.ts.
 */
const MODELS = [
  { name: 'resnet18', channels: 512 },
  { name: 'mobilenet_v2', channels: 1280 },
] as const;

const WITH_WEIGHTS = ['gradcam', 'gradcampp', 'xgradcam'];
const METHODS = ['gradcam', 'gradcampp', 'xgradcam', 'hirescam', 'layercam', 'eigencam', 'eigengradcam'];
const EIGEN = new Set(['eigencam', 'eigengradcam']);

interface SvdSign {
  sign_vs_maxabs_positive: 1 | -1;
  maxabs_margin: number;
}
const svdSign = (model: string, method: string): SvdSign =>
  JSON.parse(readFileSync(`${TORCHVISION}manifest.json`, 'utf8')).methods.models[model].methods[method]
    .svd_single;

/**
 * The reference keeps whatever sign LAPACK gives the projection; the manifest records it against
 * the orientation whose largest-magnitude entry is positive. Returns our raw map in the
 * reference's orientation.
 */
function inReferenceOrientation(raw: Float32Array, sign: SvdSign): Float32Array {
  let at = 0;
  for (let i = 1; i < raw.length; i++) if (Math.abs(raw[i]) > Math.abs(raw[at])) at = i;
  const s = Math.sign(raw[at]) * sign.sign_vs_maxabs_positive;
  return raw.map((v) => v * s);
}

function linearHeadModel(activations: tf.Tensor4D, gradients: tf.Tensor4D): ExplainableModel<tf.Tensor4D> {
  return {
    layer: 'fixture',
    inputSize: () => [224, 224],
    body: () => ({ activations: activations.clone(), context: {} }),
    head: (a) => tf.tidy(() => a.mul(gradients).sum([1, 2, 3]).reshape([-1, 1])),
  };
}

/** A map through our post-processing: a one-channel layer whose Grad-CAM raw map is `raw` itself. */
async function postprocessed(raw: Float32Array): Promise<Float32Array> {
  const a = tf.tensor4d(raw, [1, 7, 7, 1]);
  const x = tf.zeros([1, 224, 224, 3]) as tf.Tensor4D;
  const model: ExplainableModel<tf.Tensor4D> = {
    layer: 'raw',
    inputSize: () => [224, 224],
    body: () => ({ activations: a.clone(), context: {} }),
    head: (h) => h.sum([1, 2, 3]).reshape([-1, 1]),
  };
  const result = await explain(model, x, classTarget(0));
  tf.dispose([a, x]);
  return result.maps[0].map.data;
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
          const sign = svdSign(name, method);
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
