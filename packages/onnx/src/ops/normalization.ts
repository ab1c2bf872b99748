import * as tf from '@tensorflow/tfjs-core';
import { channelsLast, type OpContext, type OpOutput, type OpTable } from './types';
import { normalizeAxis, opError } from './util';

/**
 * BatchNormalization at inference: `x * a + b` per channel, with `a = scale / sqrt(var + eps)` and
 * `b = bias - mean * a` folded once (PyTorch's CPU kernel computes the same two terms). Channels are
 * the last axis of a channels-last input, else axis 1.
 */
function batchNormalization(ctx: OpContext): OpOutput {
  if (ctx.attrs.int('training_mode', 0) === 1) {
    throw opError(ctx, 'training-mode batch normalization (batch statistics) is not supported');
  }
  const epsilon = ctx.attrs.float('epsilon', 1e-5);
  const params = [1, 2, 3, 4];
  const a = ctx.cached('a', params, () => tf.div(ctx.input(1), tf.sqrt(tf.add(ctx.input(4), epsilon))));
  const b = ctx.cached('b', params, () => tf.sub(ctx.input(2), tf.mul(ctx.input(3), a)));
  if (ctx.isChannelsLast(0)) return channelsLast(tf.add(tf.mul(ctx.channelsLast(0), a), b));
  const shape = ctx.shape(0);
  if (shape.length < 2) throw opError(ctx, `needs [N, C, ...], got a ${shape.length}-D input`);
  const perChannel = [shape[1], ...new Array(shape.length - 2).fill(1)];
  return tf.add(tf.mul(ctx.input(0), tf.reshape(a, perChannel)), tf.reshape(b, perChannel));
}

/**
 * LayerNormalization (opset 17): normalise over the axes from `axis` to the last; the optional
 * outputs Mean and InvStdDev keep those axes as 1s.
 */
function layerNormalization(ctx: OpContext): tf.Tensor[] {
  const x = ctx.input(0);
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis', -1), x.rank);
  const epsilon = ctx.attrs.float('epsilon', 1e-5);
  const axes = Array.from({ length: x.rank - axis }, (_, i) => axis + i);
  const { mean, variance } = tf.moments(x, axes, true);
  const inverse = tf.rsqrt(tf.add(variance, epsilon));
  let y = tf.mul(tf.mul(tf.sub(x, mean), inverse), ctx.input(1));
  if (ctx.has(2)) y = tf.add(y, ctx.input(2));
  return [y, mean, inverse];
}

/** InstanceNormalization: per sample and channel, over the spatial axes. */
function instanceNormalization(ctx: OpContext): OpOutput {
  const epsilon = ctx.attrs.float('epsilon', 1e-5);
  if (ctx.isChannelsLast(0)) {
    const x = ctx.channelsLast(0);
    const { mean, variance } = tf.moments(x, [1, 2], true);
    const y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
    return channelsLast(tf.add(tf.mul(y, ctx.input(1)), ctx.input(2)));
  }
  const x = ctx.input(0);
  if (x.rank < 3) throw opError(ctx, `needs [N, C, spatial...], got a ${x.rank}-D input`);
  const axes = Array.from({ length: x.rank - 2 }, (_, i) => i + 2);
  const { mean, variance } = tf.moments(x, axes, true);
  const perChannel = [x.shape[1], ...new Array(x.rank - 2).fill(1)];
  const y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
  return tf.add(tf.mul(y, tf.reshape(ctx.input(1), perChannel)), tf.reshape(ctx.input(2), perChannel));
}

export const normalizationOps: OpTable = {
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  InstanceNormalization: instanceNormalization,
};
