import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { classTarget, explain, GradcamError } from '@gradcam/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnx, onnxModelAdapter } from '../src';
import { encodeModel } from './helpers/onnx-builder';
import { seeded } from './helpers/run-op';

/** x -> Conv feat -> Reshape [1, 3, 16] -> Gather(axis 2, position 5) -> Erf -> y [1, 3]. */
function gatherNet(): Uint8Array {
  return encodeModel({
    inputs: [{ name: 'x', shape: [1, 2, 4, 4] }],
    outputs: [{ name: 'y' }],
    initializers: [
      { name: 'w', dims: [3, 2, 3, 3], data: seeded(54, 5) },
      { name: 'flat_shape', dims: [3], type: 'int64', data: [1n, 3n, 16n] },
      { name: 'position', dims: [], type: 'int64', data: [5n] },
    ],
    nodes: [
      {
        op: 'Conv',
        name: 'conv',
        inputs: ['x', 'w'],
        outputs: ['feat'],
        attrs: { pads: { ints: [1, 1, 1, 1] } },
      },
      { op: 'Reshape', name: 'flatten', inputs: ['feat', 'flat_shape'], outputs: ['tokens'] },
      {
        op: 'Gather',
        name: 'pick_token',
        inputs: ['tokens', 'position'],
        outputs: ['picked'],
        attrs: { axis: { i: 2 } },
      },
      { op: 'Erf', name: 'squash', inputs: ['picked'], outputs: ['y'] },
    ],
  });
}

/** Takes a kernel away from the CPU backend until `restore`, as a backend that never had it. */
function withoutKernel(kernel: string): () => void {
  const config = tf.getKernel(kernel, 'cpu')!;
  tf.unregisterKernel(kernel, 'cpu');
  return () => tf.registerKernel(config);
}

describe('a kernel the backend lacks is named with the ONNX node, its op and the backend', () => {
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('in the forward pass', () => {
    const exec = loadOnnx(gatherNet());
    const x = tf.tensor4d(seeded(32, 1), [1, 2, 4, 4]);
    tf.dispose(exec.run({ x }, ['y'])); // the executor's caches (filter layouts) are made once
    const before = tf.memory().numTensors;
    restore = withoutKernel('Erf');
    expect(() => exec.run({ x }, ['y'])).toThrow(GradcamError);
    expect(() => exec.run({ x }, ['y'])).toThrow(
      /node 'squash' \(Erf\) needs TF\.js kernel 'Erf', which the 'cpu' backend does not have/,
    );
    expect(tf.memory().numTensors).toBe(before);
    restore();
    restore = undefined;
    x.dispose();
    exec.dispose();
  });

  it("in the backward pass, before the engine's bare error, and explain() leaves no tensor behind", async () => {
    const exec = loadOnnx(gatherNet());
    const x = tf.tensor4d(seeded(32, 1), [1, 2, 4, 4]);
    await explain(onnxModelAdapter(exec, { tensor: 'feat' }), x, classTarget(1)); // caches made once
    // The Gather gradient scatters with UnsortedSegmentSum, which the forward pass never runs.
    restore = withoutKernel('UnsortedSegmentSum');
    const adapter = onnxModelAdapter(exec, { tensor: 'feat' });
    const before = tf.memory().numTensors;
    const failure = explain(adapter, x, classTarget(1));
    await expect(failure).rejects.toThrow(GradcamError);
    await expect(explain(adapter, x, classTarget(1))).rejects.toThrow(
      "cannot explain tensor 'feat' on the 'cpu' backend: the gradient of node 'pick_token' (Gather) " +
        "needs TF.js kernel 'UnsortedSegmentSum'",
    );
    expect(tf.memory().numTensors).toBe(before);
    restore();
    restore = undefined;
    // With the kernel back (a backend tried afresh), the same adapter explains.
    const fresh = onnxModelAdapter(exec, { tensor: 'feat' });
    const result = await explain(fresh, x, classTarget(1));
    expect(result.maps[0].map.width).toBe(4);
    x.dispose();
    exec.dispose();
  });
});
