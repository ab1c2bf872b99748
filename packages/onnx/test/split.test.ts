import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { classTarget, explain, registerWasmGradientKernels } from '@gradcam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../../core/test/helpers/required-resource';
import {
  findOnnxRuntime,
  listTensors,
  loadOnnx,
  loadOnnxFile,
  type OnnxExecutor,
  onnxModelAdapter,
} from '../src';
import { maxAbs, maxAbsDiff, readF32, TORCHVISION, TORCHVISION_FIXTURES } from './helpers/fixtures';
import { residualNet } from './helpers/test-nets';
import { vitNet } from './helpers/vit-net';

/**
 * Split execution: the body on onnxruntime-node (a devDependency, so always here in this
 * workspace), the head in TF.js. Its Grad-CAM must equal the one of the whole graph imported and
 * differentiated in TF.js.
 */
describe('split execution on onnxruntime', () => {
  beforeAll(async () => {
    registerWasmGradientKernels();
    await tf.setBackend('wasm');
  });

  it('onnxruntime-node loads', async () => {
    const runtime = await findOnnxRuntime();
    expect(typeof runtime === 'string' ? runtime : runtime.version).toMatch(/^1\.\d+\.\d+$/);
  });

  it('a model loaded without a runtime refuses execution onnxruntime, naming the fix', async () => {
    const exec = loadOnnx(residualNet({ reshape: true }));
    expect(() => onnxModelAdapter(exec, { execution: 'onnxruntime' })).toThrow(/findOnnxRuntime/);
    expect(onnxModelAdapter(exec).execution).toBe('tfjs');
    exec.dispose();
  });

  it('cuts with skip connections crossing: same maps, gradients and context as TF.js', async () => {
    const runtime = await findOnnxRuntime();
    if (typeof runtime === 'string') throw new Error(runtime);
    const exec = loadOnnx(residualNet({ reshape: true }), { runtime });
    const x = tf.randomUniform([2, 3, 8, 8], -1, 1, 'float32', 7) as tf.Tensor4D;
    for (const tensor of ['r2', 'c2', 'r3', 'act']) {
      const split = onnxModelAdapter(exec, { tensor });
      const whole = onnxModelAdapter(exec, { tensor, execution: 'tfjs' });
      expect(split.execution).toBe('onnxruntime');
      expect(split.describeChoice()).toMatch(/body runs on onnxruntime/);
      await explain(split, x, classTarget(0));
      const before = tf.memory().numTensors;
      const a = await explain(split, x, [classTarget(0), classTarget(1)], { keepRaw: true });
      expect(tf.memory().numTensors).toBe(before);
      const b = await explain(whole, x, [classTarget(0), classTarget(1)], { keepRaw: true });
      expect(
        maxAbsDiff(
          a.maps.map((m) => m.score),
          b.maps.map((m) => m.score),
        ),
      ).toBeLessThan(1e-5);
      a.maps.forEach((m, i) => {
        expect(maxAbsDiff(m.weights!, b.maps[i].weights!)).toBeLessThan(1e-5);
        expect(maxAbsDiff(m.map.data, b.maps[i].map.data)).toBeLessThan(1e-4);
      });
    }
    x.dispose();
    exec.dispose();
  });

  it('a sequence-first ViT cut at token tensors (grid and prefix): same maps and weights as TF.js', async () => {
    const runtime = await findOnnxRuntime();
    if (typeof runtime === 'string') throw new Error(runtime);
    const exec = loadOnnx(vitNet(), { runtime });
    const x = tf.randomUniform([2, 3, 12, 12], -1, 1, 'float32', 5) as tf.Tensor4D;
    for (const tensor of [undefined, 'embedded', 'b0_mid']) {
      const split = onnxModelAdapter(exec, { tensor });
      const whole = onnxModelAdapter(exec, { tensor, execution: 'tfjs' });
      expect(split.execution).toBe('onnxruntime');
      expect(split.tokens).toMatchObject({ grid: [3, 3], prefix: 1 });
      await explain(split, x, classTarget(0));
      const before = tf.memory().numTensors;
      const a = await explain(split, x, [classTarget(0), classTarget(1)], { keepRaw: true });
      expect(tf.memory().numTensors).toBe(before);
      const b = await explain(whole, x, [classTarget(0), classTarget(1)], { keepRaw: true });
      a.maps.forEach((m, i) => {
        expect(maxAbsDiff(m.weights!, b.maps[i].weights!)).toBeLessThan(1e-5);
        expect(maxAbsDiff(m.map.data, b.maps[i].map.data)).toBeLessThan(1e-4);
      });
    }
    x.dispose();
    exec.dispose();
  });

  it("onnxruntime's refusals come back as errors that name the way out", async () => {
    const runtime = await findOnnxRuntime();
    if (typeof runtime === 'string') throw new Error(runtime);
    const exec = loadOnnx(residualNet(), { runtime });
    // The model declares 8x8 images: onnxruntime checks that, TF.js would run any size.
    const x = tf.zeros([1, 3, 10, 10]) as tf.Tensor4D;
    const adapter = onnxModelAdapter(exec);
    const before = tf.memory().numTensors;
    expect(() => adapter.body(x)).toThrow(/onnxruntime failed to run the model: .*execution: 'tfjs'/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    exec.dispose();
  });

  it('Score-CAM and Ablation-CAM (masked inputs and ablated channels through the native body) equal TF.js', async () => {
    const runtime = await findOnnxRuntime();
    if (typeof runtime === 'string') throw new Error(runtime);
    const exec = loadOnnx(residualNet(), { runtime });
    const x = tf.randomUniform([1, 3, 8, 8], -1, 1, 'float32', 3) as tf.Tensor4D;
    for (const method of ['scorecam', 'ablationcam']) {
      const a = await explain(onnxModelAdapter(exec, { tensor: 'r2' }), x, classTarget(2), {
        method,
        keepRaw: true,
      });
      const b = await explain(
        onnxModelAdapter(exec, { tensor: 'r2', execution: 'tfjs' }),
        x,
        classTarget(2),
        {
          method,
          keepRaw: true,
        },
      );
      expect(maxAbsDiff(a.maps[0].raw!.data, b.maps[0].raw!.data)).toBeLessThan(1e-4);
      expect(maxAbsDiff(a.maps[0].map.data, b.maps[0].map.data)).toBeLessThan(1e-4);
      expect(Math.max(...a.maps[0].map.data)).toBeGreaterThan(0.99);
    }
    x.dispose();
    exec.dispose();
  });

  describe.skipIf(skipWithout(TORCHVISION_FIXTURES))('the torchvision fixtures', () => {
    for (const file of ['resnet18_bn.onnx', 'mobilenet_v2.onnx']) {
      describe(file, () => {
        let exec: OnnxExecutor;
        let x: tf.Tensor4D;
        beforeAll(async () => {
          exec = await loadOnnxFile(`${TORCHVISION}${file}`);
          x = tf.tensor4d(readF32('input_8x3x224x224.f32').subarray(0, 2 * 3 * 224 * 224), [2, 3, 224, 224]);
        });
        afterAll(() => {
          x.dispose();
          exec.dispose();
        });

        for (const method of ['gradcam', 'gradcampp']) {
          it(`${method} at the default tensor and one mid-network, batch 2: split equals TF.js`, async () => {
            const tensors = listTensors(exec).filter((t) => t.explainable);
            const mid = tensors[Math.floor(tensors.length / 2)].name;
            // At the default tensor the head is pooling and one Gemm: the maps agree to float32
            // rounding (measured 2.5e-5). Mid-network the head holds ReLUs/ReLU6 Clips, whose kinks
            // turn ORT's last-ulp differences of the activations into gradient differences
            // (MobileNetV2 at features.9: weights 1.7e-3 of their max with Grad-CAM++, maps 6.4e-4).
            for (const tensor of [undefined, mid]) {
              const split = onnxModelAdapter(exec, { tensor });
              const whole = onnxModelAdapter(exec, { tensor, execution: 'tfjs' });
              expect(split.execution).toBe('onnxruntime');
              // The bodies agree to float32 rounding (measured 2e-5 of the max on MobileNetV2): the larger
              // differences below come from the head.
              const [native, own] = [split.body(x), whole.body(x)];
              const ownData = own.activations.dataSync();
              expect(maxAbsDiff(native.activations.dataSync(), ownData) / maxAbs(ownData)).toBeLessThan(1e-4);
              tf.dispose([native.activations, own.activations]);
              await explain(split, x, classTarget(281), { method }); // caches the head's derived constants
              const before = tf.memory().numTensors;
              const a = await explain(split, x, classTarget(281), { method, keepRaw: true });
              expect(tf.memory().numTensors).toBe(before);
              const b = await explain(whole, x, classTarget(281), { method, keepRaw: true });
              a.maps.forEach((m, i) => {
                const w = b.maps[i].weights!;
                expect(maxAbsDiff(m.weights!, w) / maxAbs(w)).toBeLessThan(tensor ? 5e-3 : 1e-5);
                expect(maxAbsDiff(m.map.data, b.maps[i].map.data)).toBeLessThan(tensor ? 1e-2 : 1e-4);
              });
              expect(
                maxAbsDiff(
                  a.maps.map((m) => m.score),
                  b.maps.map((m) => m.score),
                ),
              ).toBeLessThan(1e-3);
            }
          });
        }
      });
    }
  });
});
