import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { classTarget, explain } from '@gradcam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageLayout, loadOnnx, type OnnxExecutor, onnxModelAdapter } from '../src';
import { expectClose, seeded } from './helpers/run-op';
import { residualNet } from './helpers/test-nets';

// A tf2onnx export keeps TF's channels-last input; the same network exported from PyTorch takes
// NCHW. Both must give one explanation of one image.
describe('ONNX adapter: channels-last image inputs (tf2onnx exports)', () => {
  let nchw: OnnxExecutor;
  let nhwc: OnnxExecutor;
  let image: tf.Tensor4D;
  let planar: tf.Tensor4D;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    nchw = loadOnnx(residualNet());
    nhwc = loadOnnx(residualNet({ channelsLast: true }));
    image = tf.tensor4d(seeded(2 * 64 * 3, 21), [2, 8, 8, 3]);
    planar = tf.transpose(image, [0, 3, 1, 2]);
    // Warm: the executors cache filters and batch norms as tensors on their first explanation.
    await explain(onnxModelAdapter(nhwc, { tensor: 'r3' }), image, classTarget(0));
    await explain(onnxModelAdapter(nchw, { tensor: 'r3' }), planar, classTarget(0));
  });
  afterAll(() => {
    tf.dispose([image, planar]);
    nchw.dispose();
    nhwc.dispose();
  });

  it('reads the layout from the declared shape, NCHW where it is ambiguous', () => {
    expect(imageLayout(['batch', 224, 224, 3])).toBe('NHWC');
    expect(imageLayout([1, 'h', 'w', 1])).toBe('NHWC');
    expect(imageLayout(['batch', 3, 224, 224])).toBe('NCHW');
    expect(imageLayout([1, 3, 8, 3])).toBe('NCHW');
    expect(imageLayout(['n', 'c', 'h', 'w'])).toBe('NCHW');
    expect(onnxModelAdapter(nhwc).inputLayout).toBe('NHWC');
    expect(onnxModelAdapter(nchw).inputLayout).toBe('NCHW');
  });

  it.each(['gradcam', 'hirescam', 'scorecam'])(
    '%s: the same maps and scores as the channels-first twin, and no tensor left behind',
    async (method) => {
      const before = tf.memory().numTensors;
      const last = onnxModelAdapter(nhwc, { tensor: 'r3' });
      const first = onnxModelAdapter(nchw, { tensor: 'r3' });
      expect(last.inputSize?.(image)).toEqual([8, 8]);
      const a = await explain(last, image, [classTarget(1), classTarget(3)], { method });
      const b = await explain(first, planar, [classTarget(1), classTarget(3)], { method });
      expect(a.maps.length).toBe(4);
      for (let i = 0; i < 4; i++) {
        expectClose(a.maps[i].map.data, b.maps[i].map.data, 1e-5);
        expect(a.maps[i].score).toBeCloseTo(b.maps[i].score, 5);
      }
      expect(Math.max(...a.maps[0].map.data)).toBeGreaterThan(0);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('guided gradients come back NHWC, equal to the twin', () => {
    const score = (o: tf.Tensor) => classTarget(2).score(o);
    const a = onnxModelAdapter(nhwc).guidedGradients!(image, score);
    const b = onnxModelAdapter(nchw).guidedGradients!(planar, score);
    expect(a.shape).toEqual([2, 8, 8, 3]);
    expectClose(a.dataSync(), b.dataSync(), 1e-5);
    tf.dispose([a, b]);
  });

  it('refuses a channels-first batch, naming the layout it takes and the transpose', () => {
    expect(() => onnxModelAdapter(nhwc).predict(planar)).toThrow(
      'the ONNX model takes NHWC images [batch, height, width, 3]; got [2, 3, 8, 8] (NCHW? transpose it with [0, 2, 3, 1])',
    );
  });
});
