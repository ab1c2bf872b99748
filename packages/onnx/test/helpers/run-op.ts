import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { loadOnnx } from '../../src';
import type { OnnxDataType } from '../../src/proto/types';
import { type AttrSpec, singleNodeModel } from './onnx-builder';

// Here too, where most tests take them from; the generator lives apart so that benches can use it without vitest.
export { seeded, size } from './seeded';

export interface OpInput {
  name: string;
  shape: number[];
  data: number[] | Float32Array | bigint[];
  type?: OnnxDataType;
  /** Stored as an initializer (a constant) rather than fed. */
  constant?: boolean;
}

/**
 * Runs one ONNX node, written to protobuf bytes and loaded like any model, on the given inputs;
 * returns its outputs' shapes and values.
 */
export function runOp(
  op: string,
  inputs: OpInput[],
  attrs: Record<string, AttrSpec> = {},
  { outputs = ['y'], opset = 13 }: { outputs?: string[]; opset?: number } = {},
): { shape: number[]; values: number[]; dtype: string }[] {
  const bytes = singleNodeModel(
    op,
    inputs.map((i) => ({
      name: i.name,
      shape: i.shape,
      type: i.type,
      init: i.constant ? (i.data as never) : undefined,
    })),
    attrs,
    { outputs, opset },
  );
  const exec = loadOnnx(bytes);
  const feeds: Record<string, tf.Tensor> = {};
  for (const i of inputs) {
    if (i.constant || i.name === '') continue;
    feeds[i.name] = feedTensor(i);
  }
  try {
    const results = exec.run(
      feeds,
      outputs.filter((o) => o !== ''),
    );
    const out = results.map((t) => ({
      shape: t.shape,
      values: Array.from(t.dataSync() as ArrayLike<number>, Number),
      dtype: t.dtype,
    }));
    tf.dispose(results);
    return out;
  } finally {
    tf.dispose(Object.values(feeds));
    exec.dispose();
  }
}

export function feedTensor(i: OpInput): tf.Tensor {
  const type = i.type ?? 'float32';
  if (type === 'bool')
    return tf.tensor(
      Array.from(i.data as number[], (v) => v !== 0),
      i.shape,
      'bool',
    );
  if (type === 'float32') return tf.tensor(Float32Array.from(i.data as number[]), i.shape);
  return tf.tensor(Int32Array.from(i.data as number[], Number), i.shape, 'int32');
}

/** Both arrays equal to `tolerance`, with a readable message when not. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (d > worst || Number.isNaN(d)) {
      worst = d;
      at = i;
    }
  }
  expect(worst, `element ${at}: ${actual[at]} vs ${expected[at]}`).toBeLessThanOrEqual(tolerance);
}
