import * as tf from '@tensorflow/tfjs-core';
import { TO_CHANNELS_LAST } from '../executor/value';
import { channelsLast, type OpContext, type OpOutput } from './types';

/**
 * Elementwise ops do not care about layout: on a channels-last input they run channels-last, so
 * that a chain conv -> batch norm -> relu -> add never goes back to NCHW.
 */
export function unary(f: (x: tf.Tensor, ctx: OpContext) => tf.Tensor) {
  return (ctx: OpContext): OpOutput =>
    ctx.isChannelsLast(0) ? channelsLast(f(ctx.channelsLast(0), ctx)) : f(ctx.input(0), ctx);
}

/**
 * Inputs of a broadcasting op, all in one layout: channels-last when the result is 4-D and some
 * 4-D input already is; lower-rank inputs (a per-channel `[C, 1, 1]` bias) are then aligned to
 * NCHW by ONNX's rules and transposed with it (once, for constants).
 */
export function broadcastInputs(ctx: OpContext, indices: number[]): { last: boolean; xs: tf.Tensor[] } {
  const ranks = indices.map((i) => ctx.shape(i).length);
  const last = Math.max(...ranks) === 4 && indices.some((i, k) => ranks[k] === 4 && ctx.isChannelsLast(i));
  if (!last) return { last, xs: indices.map((i) => ctx.input(i)) };
  const xs = indices.map((i, k) => {
    if (ranks[k] === 4) return ctx.channelsLast(i);
    if (ranks[k] === 0) return ctx.input(i);
    return ctx.cached(`channels-last input ${i}`, [i], () => {
      const shape = ctx.shape(i);
      const four = [...new Array(4 - shape.length).fill(1), ...shape];
      return tf.transpose(tf.reshape(ctx.input(i), four), TO_CHANNELS_LAST);
    });
  });
  return { last, xs };
}

/** A broadcasting op over all its inputs (binary, ternary or variadic). */
export function broadcasting(f: (xs: tf.Tensor[], ctx: OpContext) => tf.Tensor) {
  return (ctx: OpContext): OpOutput => {
    const indices = Array.from({ length: ctx.inputCount }, (_, i) => i).filter((i) => ctx.has(i));
    const { last, xs } = broadcastInputs(ctx, indices);
    const y = f(xs, ctx);
    return last ? channelsLast(y) : y;
  };
}

export function binary(f: (a: tf.Tensor, b: tf.Tensor, ctx: OpContext) => tf.Tensor) {
  return broadcasting(([a, b], ctx) => f(a, b, ctx));
}
