import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { classTarget, explain, registerWasmGradientKernels } from '@gradcam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../../core/test/helpers/required-resource';
import { loadOnnxFile, type OnnxAdapter, type OnnxExecutor, onnxModelAdapter } from '../src';
import {
  cosine,
  manifest,
  maxAbs,
  maxAbsDiff,
  readF32,
  TORCHVISION,
  TORCHVISION_FIXTURES,
} from './helpers/fixtures';

/**
 * The two torchvision models of the fixtures, imported from ONNX and explained with explain(),
 * against what pytorch-grad-cam computed for them (class 281, the reference's target layer). On
 * WASM, which agrees with the CPU backend (checked below on MobileNetV2) and is many times faster.
 */
const MODELS = [
  { name: 'resnet18', file: 'resnet18_bn.onnx', channels: 512 },
  { name: 'mobilenet_v2', file: 'mobilenet_v2.onnx', channels: 1280 },
] as const;

const CLASS = 281;

const withoutFixtures = skipWithout(TORCHVISION_FIXTURES);

describe.skipIf(withoutFixtures)('parity with pytorch-grad-cam on the torchvision fixtures', () => {
  beforeAll(async () => {
    registerWasmGradientKernels();
    await tf.setBackend('wasm');
  });

  for (const { name, file } of MODELS) {
    describe(name, () => {
      let exec: OnnxExecutor;
      let adapter: OnnxAdapter;
      let x: tf.Tensor4D;
      const target = () => manifest().models[name].onnx[file].target_activation_tensor;

      beforeAll(async () => {
        exec = await loadOnnxFile(`${TORCHVISION}${file}`);
        adapter = onnxModelAdapter(exec);
        x = tf.tensor4d(readF32('input_1x3x224x224.f32'), [1, 3, 224, 224]);
      });
      afterAll(() => {
        x.dispose();
        exec.dispose();
      });

      it('explains the reference target layer by default', () => {
        expect(manifest().models[name].class_index).toBe(CLASS);
        expect(adapter.tensor).toBe(target());
        expect(adapter.tensorChoice).toMatch(/GlobalAveragePool/);
        expect(adapter.crossing).toEqual([]);
      });

      it('logits within 1e-4, target-layer activations equal', () => {
        const [logits, activations] = exec.run({ input: x }, ['logits', target()]);
        expect(maxAbsDiff(logits.dataSync(), readF32(`ref/${name}/logits.f32`))).toBeLessThan(1e-4);
        const ref = readF32(`ref/${name}/activations.f32`);
        // float32 sums in another order: a few ulps of activations up to 9.
        expect(maxAbsDiff(activations.dataSync(), ref) / maxAbs(ref)).toBeLessThan(5e-5);
        tf.dispose([logits, activations]);
      });

      for (const method of ['gradcam', 'gradcampp'] as const) {
        it(`${method}: weights within 1e-6 of their max, maps within 1e-4`, async () => {
          const result = await explain(adapter, x, classTarget(CLASS), { method, keepRaw: true });
          const [map] = result.maps;
          expect(result.activationShapes).toEqual([[1, 7, 7, name === 'resnet18' ? 512 : 1280]]);
          const weights = readF32(`ref/${name}/${method}_weights.f32`);
          expect(maxAbsDiff(map.weights!, weights) / maxAbs(weights)).toBeLessThan(1e-6);
          // The raw map sums 512 or 1280 weighted channels that largely cancel: the activations'
          // few-ulp differences show more here (measured 2.9e-5 of the max on MobileNetV2).
          const raw = readF32(`ref/${name}/${method}_raw.f32`);
          expect(maxAbsDiff(map.raw!.data, raw) / maxAbs(raw)).toBeLessThan(1e-4);
          expect(maxAbsDiff(map.lowres.data, readF32(`ref/${name}/${method}_lowres_norm.f32`))).toBeLessThan(
            1e-4,
          );
          expect(maxAbsDiff(map.map.data, readF32(`ref/${name}/${method}_224.f32`))).toBeLessThan(1e-4);
        });
      }

      it('guided backpropagation and Guided Grad-CAM', async () => {
        const result = await explain(adapter, x, classTarget(CLASS), { guided: true });
        const [map] = result.maps;
        expect(map.guided!.channels).toBe(3);
        const guided = readF32(`ref/${name}/guided_bp_hwc.f32`);
        const product = readF32(`ref/${name}/guided_gradcam_hwc.f32`);
        const guidedError = maxAbsDiff(map.guided!.data, guided) / maxAbs(guided);
        const productError = maxAbsDiff(map.guidedGradCam!.data, product) / maxAbs(product);
        if (name === 'resnet18') {
          // Measured 4e-7 and 1.1e-5 (the map's own 1e-5 difference, times the gradient).
          expect(guidedError).toBeLessThan(1e-5);
          expect(productError).toBeLessThan(5e-5);
        } else {
          // The reference leaves ReLU6 unguided: this is the plain input gradient through 35 Clips.
          // The ONNX file has BatchNorm folded into the convolutions, so pre-activations differ from
          // the reference's by ~1e-6 and a few dozen of the 6.1M Clip inputs within 1e-5 of 0 or 6
          // fall on the other side of the kink: measured 0.85% of the max, cosine 0.99998.
          expect(guidedError).toBeLessThan(2e-2);
          expect(productError).toBeLessThan(2e-2);
          expect(cosine(map.guided!.data, guided)).toBeGreaterThan(0.9999);
          expect(cosine(map.guidedGradCam!.data, product)).toBeGreaterThan(0.9999);
        }
      });

      it('a batch of 8: logits and 224x224 maps', async () => {
        const batch = tf.tensor4d(readF32('input_8x3x224x224.f32'), [8, 3, 224, 224]);
        const logits = adapter.predict(batch);
        expect(maxAbsDiff(logits.dataSync(), readF32(`ref/${name}/batch8_logits.f32`))).toBeLessThan(1e-4);
        const result = await explain(adapter, batch, classTarget(CLASS));
        const ref = readF32(`ref/${name}/batch8_gradcam_224.f32`);
        expect(result.maps).toHaveLength(8);
        for (const m of result.maps) {
          const refMap = ref.subarray(m.sample * 224 * 224, (m.sample + 1) * 224 * 224);
          expect(maxAbsDiff(m.map.data, refMap)).toBeLessThan(1e-4);
        }
        tf.dispose([batch, logits]);
      });

      it('explain() leaves no tensor behind', async () => {
        const before = tf.memory().numTensors;
        await explain(adapter, x, classTarget(CLASS), { keepRaw: true });
        await explain(adapter, x, [classTarget(CLASS), classTarget(1)], { method: 'gradcampp' });
        expect(tf.memory().numTensors).toBe(before);
      });
    });
  }

  it('the CPU backend computes the same MobileNetV2 logits and activations', async () => {
    await tf.setBackend('cpu');
    const exec = await loadOnnxFile(`${TORCHVISION}mobilenet_v2.onnx`);
    const x = tf.tensor4d(readF32('input_1x3x224x224.f32'), [1, 3, 224, 224]);
    const target = manifest().models.mobilenet_v2.onnx['mobilenet_v2.onnx'].target_activation_tensor;
    const [logits, activations] = exec.run({ input: x }, ['logits', target]);
    expect(maxAbsDiff(logits.dataSync(), readF32('ref/mobilenet_v2/logits.f32'))).toBeLessThan(1e-4);
    const ref = readF32('ref/mobilenet_v2/activations.f32');
    expect(maxAbsDiff(activations.dataSync(), ref) / maxAbs(ref)).toBeLessThan(5e-5);
    tf.dispose([logits, activations, x]);
    exec.dispose();
    await tf.setBackend('wasm');
  });
});
