import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { listTensors, loadOnnx, onnxModelAdapter } from '../src';
import { squeezeNet } from './helpers/squeeze-net';
import { twoOutputNet } from './helpers/test-nets';

describe('the default cut of a CNN is the last feature map of the backbone', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("skips SqueezeNet's classifier convolution (one channel per class) for the fire module before it", () => {
    const exec = loadOnnx(squeezeNet());
    const adapter = onnxModelAdapter(exec);
    expect(adapter.tensor).toBe('fire');
    expect(adapter.tensorChoice).toBe(
      "default: the last spatial feature map before the classifier convolution 'classifier' " +
        "(10 channels, one per class, pooled into the scores), as the reference's features[-1]",
    );
    const rows = listTensors(exec);
    expect(rows.filter((r) => r.isDefault).map((r) => [r.name, r.defaultReason])).toEqual([
      ['fire', adapter.tensorChoice],
    ]);
    // The class map can still be named.
    expect(onnxModelAdapter(exec, { tensor: 'class_map' }).tensor).toBe('class_map');
    exec.dispose();
  });

  it('keeps the last map when its channels only happen to match the classes (a 3x3 convolution)', () => {
    const exec = loadOnnx(twoOutputNet());
    expect(onnxModelAdapter(exec, { output: 'pb' }).tensor).toBe('b');
    exec.dispose();
  });
});
