import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { classTarget, explain, registerWasmGradientKernels } from '@gradcam/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { findOnnxRuntime, loadOnnx, onnxModelAdapter, parseOnnx, type SplitRuntime } from '../src';
import { squeezeNet } from './helpers/squeeze-net';

/** Bytes of the named initializers, from the parsed file (independent of what the executor uploads). */
function initializerBytes(bytes: Uint8Array, names: string[]): number {
  const inits = parseOnnx(bytes).graph.initializers.filter((i) => names.includes(i.name));
  expect(inits).toHaveLength(names.length);
  return inits.reduce((total, i) => total + i.data.length * 4, 0);
}

/**
 * Split execution holds each weight once where it runs: the body's weights in onnxruntime's
 * session only, the head's in TF.js; and the file's bytes only until the session holds them.
 */
describe('memory of split execution', () => {
  beforeAll(async () => {
    registerWasmGradientKernels();
    await tf.setBackend('wasm');
  });

  it("TF.js holds only the head's weights; the whole graph in TF.js uploads every weight; same maps", async () => {
    const runtime = await findOnnxRuntime();
    if (typeof runtime === 'string') throw new Error(runtime);
    const bytes = squeezeNet();
    const baseline = tf.memory().numBytes;
    const exec = loadOnnx(bytes, { runtime });
    // Measuring the graph (one pass on zeros, at load) leaves no weight behind.
    const split = onnxModelAdapter(exec, { tensor: 'dropped' });
    expect(exec.uploadedBytes).toBe(0);
    expect(tf.memory().numBytes).toBe(baseline);
    const x = tf.randomUniform([2, 3, 12, 12], -1, 1, 'float32', 3) as tf.Tensor4D;
    const a = await explain(split, x, [classTarget(0), classTarget(4)]);
    // The head after 'dropped' is the classifier convolution: its weight and bias, nothing of the body.
    expect(exec.uploadedBytes).toBe(initializerBytes(bytes, ['w_cls', 'w_cls_b']));
    const runtimeState = exec.runtime as SplitRuntime;
    expect(runtimeState.holdsBytes).toBe(false);

    const whole = loadOnnx(bytes);
    const b = await explain(onnxModelAdapter(whole, { tensor: 'dropped' }), x, [
      classTarget(0),
      classTarget(4),
    ]);
    const all = ['w_stem', 'w_sq', 'w_e1', 'w_e3', 'w_cls'].flatMap((w) => [w, `${w}_b`]);
    expect(whole.uploadedBytes).toBe(initializerBytes(bytes, all));
    for (const [k, m] of a.maps.entries()) {
      const diff = m.map.data.reduce((d, v, i) => Math.max(d, Math.abs(v - b.maps[k].map.data[i])), 0);
      expect(diff).toBeLessThan(1e-4);
    }
    x.dispose();
    exec.dispose();
    whole.dispose();
    expect(tf.memory().numBytes).toBe(baseline);
  });

  it('a second cut after the bytes are gone opens its session from the parsed model', async () => {
    const runtime = await findOnnxRuntime();
    if (typeof runtime === 'string') throw new Error(runtime);
    const exec = loadOnnx(squeezeNet(), { runtime });
    const x = tf.randomUniform([1, 3, 12, 12], -1, 1, 'float32', 4) as tf.Tensor4D;
    const first = await explain(onnxModelAdapter(exec, { tensor: 'dropped' }), x, classTarget(2));
    expect((exec.runtime as SplitRuntime).holdsBytes).toBe(false);
    const second = await explain(onnxModelAdapter(exec, { tensor: 'fire' }), x, classTarget(2));
    const reference = await explain(
      onnxModelAdapter(exec, { tensor: 'fire', execution: 'tfjs' }),
      x,
      classTarget(2),
    );
    expect(second.maps[0].score).toBeCloseTo(first.maps[0].score, 4);
    const diff = second.maps[0].map.data.reduce(
      (d, v, i) => Math.max(d, Math.abs(v - reference.maps[0].map.data[i])),
      0,
    );
    expect(diff).toBeLessThan(1e-4);
    x.dispose();
    exec.dispose();
  });
});
