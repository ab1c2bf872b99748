import * as tf from '@tensorflow/tfjs-core';
import { tfDtype, toTensor } from '../executor/to-tensor';
import { dataTypeFromCode } from '../proto/data-type';
import { withoutGradient } from './no-gradient';
import type { OpContext, OpTable } from './types';
import { opError } from './util';

/** Constant: one of value, value_float(s), value_int(s); the executor folds these at load time. */
function constant(ctx: OpContext): tf.Tensor {
  const { attrs } = ctx;
  const tensor = attrs.tensor('value');
  if (tensor) return toTensor(tensor);
  if (attrs.has('value_float')) return tf.scalar(attrs.float('value_float', 0));
  if (attrs.has('value_floats')) return tf.tensor1d(attrs.floats('value_floats')!);
  if (attrs.has('value_int')) return tf.scalar(attrs.int('value_int', 0), 'int32');
  if (attrs.has('value_ints')) return tf.tensor1d(attrs.ints('value_ints', []), 'int32');
  throw opError(ctx, 'only tensor, float and int constants are supported');
}

/** ConstantOfShape: a tensor of the given shape filled with `value` (float 0 by default). */
function constantOfShape(ctx: OpContext): tf.Tensor {
  const shape = ctx.ints(0);
  const value = ctx.attrs.tensor('value');
  if (!value) return tf.zeros(shape);
  const fill = toTensor(value);
  const y = tf.fill(shape, fill.dataSync()[0], fill.dtype);
  fill.dispose();
  return y;
}

function range(ctx: OpContext): tf.Tensor {
  const [start] = ctx.numbers(0);
  const [limit] = ctx.numbers(1);
  const [delta] = ctx.numbers(2);
  const dtype = ctx.input(0).dtype === 'int32' ? 'int32' : 'float32';
  return tf.range(start, limit, delta, dtype);
}

/** Cast; float to int truncates, anything to bool is `!= 0`. */
function cast(ctx: OpContext): tf.Tensor {
  const to = tfDtype(dataTypeFromCode(ctx.attrs.int('to', 1)));
  return castTo(ctx.input(0), to);
}

function castTo(x: tf.Tensor, to: tf.DataType): tf.Tensor {
  if (x.dtype === to) return tf.clone(x);
  if (to === 'bool') return withoutGradient((t) => tf.notEqual(t, tf.scalar(0, t.dtype)), x);
  return tf.cast(x, to);
}

export const constantOps: OpTable = {
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Range: range,
  Cast: cast,
  CastLike: (ctx) => castTo(ctx.input(0), ctx.input(1).dtype),
};
