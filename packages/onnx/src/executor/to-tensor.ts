import * as tf from '@tensorflow/tfjs-core';
import type { OnnxDataType, OnnxTensor } from '../proto/types';

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/**
 * The TF.js dtype that holds an ONNX type. TF.js has no 64-bit or 8/16-bit types: integers become
 * int32 (int64 values beyond int32, such as INT64_MAX meaning "to the end" in Slice, are clamped,
 * which keeps that meaning), floats of any width become float32.
 */
export function tfDtype(type: OnnxDataType): tf.DataType {
  switch (type) {
    case 'float32':
    case 'float16':
    case 'float64':
    case 'bfloat16':
      return 'float32';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    case 'complex64':
    case 'complex128':
    case 'undefined':
      throw new Error(`ONNX type ${type} has no TF.js counterpart`);
    default:
      return 'int32';
  }
}

function clampInt32(v: number): number {
  return Math.min(Math.max(v, INT32_MIN), INT32_MAX);
}

/** An ONNX tensor as a TF.js tensor of the matching dtype. */
export function toTensor(t: OnnxTensor): tf.Tensor {
  const dtype = tfDtype(t.dataType);
  const { data, dims } = t;
  if (dtype === 'string') return tf.tensor(data as string[], dims, 'string');
  if (dtype === 'float32') {
    return tf.tensor(data instanceof Float32Array ? data : Float32Array.from(data as Float64Array), dims);
  }
  if (dtype === 'bool') return tf.tensor(Uint8Array.from(data as Uint8Array), dims, 'bool');
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const out = new Int32Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = clampInt32(Number(data[i]));
    return tf.tensor(out, dims, 'int32');
  }
  if (data instanceof Int32Array) return tf.tensor(data, dims, 'int32');
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = clampInt32(Number((data as ArrayLike<number>)[i]));
  return tf.tensor(out, dims, 'int32');
}
