import * as tf from '@tensorflow/tfjs-core';
import { withoutGradient } from './no-gradient';
import { channelsLast, type OpContext, type OpOutput, type OpTable } from './types';
import { normalizeAxes, normalizeAxis, opError } from './util';

/** A logical (NCHW) axis of a 4-D tensor, on its channels-last (NHWC) form. */
const CHANNELS_LAST_AXIS = [0, 3, 1, 2];

/** Gather along `axis`; negative indices count from the end. */
function gather(ctx: OpContext): tf.Tensor {
  const shape = ctx.shape(0);
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis', 0), shape.length);
  const dim = shape[axis];
  const indices = ctx.cached(`indices for size ${dim}`, [1], () => {
    // Indices computed from activations (ArgMax) must not lead the backward pass into Less.
    const wrap = (raw: tf.Tensor) => tf.where(tf.less(raw, 0), tf.add(raw, tf.scalar(dim, 'int32')), raw);
    return withoutGradient(wrap, ctx.input(1));
  });
  return tf.gather(ctx.input(0), indices, axis);
}

/** Per sliced axis: first index, step and count, after ONNX's clamping rules. */
interface AxisSlice {
  axis: number;
  start: number;
  step: number;
  count: number;
}

function sliceAxes(ctx: OpContext): AxisSlice[] {
  const shape = ctx.shape(0);
  const legacy = ctx.opset < 10;
  const starts = legacy ? ctx.attrs.ints('starts', []) : ctx.ints(1);
  const ends = legacy ? ctx.attrs.ints('ends', []) : ctx.ints(2);
  const axes =
    (legacy ? ctx.attrs.ints('axes') : ctx.has(3) ? ctx.ints(3) : undefined) ?? starts.map((_, i) => i);
  const steps = !legacy && ctx.has(4) ? ctx.ints(4) : starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) {
    throw opError(ctx, 'starts, ends, axes and steps must have the same length');
  }
  return normalizeAxes(ctx, axes, shape.length).map((axis, k) => {
    const dim = shape[axis];
    const step = steps[k];
    if (step === 0) throw opError(ctx, 'a step of 0');
    const wrap = (v: number) => (v < 0 ? v + dim : v);
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
    if (step > 0) {
      const start = clamp(wrap(starts[k]), 0, dim);
      const end = clamp(wrap(ends[k]), 0, dim);
      return { axis, start, step, count: Math.max(0, Math.ceil((end - start) / step)) };
    }
    const start = clamp(wrap(starts[k]), 0, dim - 1);
    const end = clamp(wrap(ends[k]), -1, dim - 1);
    return { axis, start, step, count: Math.max(0, Math.ceil((start - end) / -step)) };
  });
}

/**
 * Slice: contiguous runs with tf.slice; other steps gather their indices, because TF.js has no
 * gradient for strided slices and gather has one.
 */
function slice(ctx: OpContext): tf.Tensor {
  const shape = ctx.shape(0);
  const parts = sliceAxes(ctx);
  const begin = shape.map(() => 0);
  const size = shape.slice();
  const strided: AxisSlice[] = [];
  for (const p of parts) {
    if (p.step === 1) {
      begin[p.axis] = p.start;
      size[p.axis] = p.count;
    } else {
      strided.push(p);
    }
  }
  let y = tf.slice(ctx.input(0), begin, size);
  for (const p of strided) {
    const indices = Array.from({ length: p.count }, (_, i) => p.start + i * p.step);
    y = tf.gather(y, tf.tensor1d(indices, 'int32'), p.axis);
  }
  return y;
}

/** Concat; along the channels of 4-D channels-last inputs it stays channels-last. */
function concat(ctx: OpContext): OpOutput {
  const indices = Array.from({ length: ctx.inputCount }, (_, i) => i).filter((i) => ctx.has(i));
  const rank = ctx.shape(indices[0]).length;
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis', 0), rank);
  // Empty inputs add nothing (ONNX allows them; TF.js shapes may not line up).
  const parts = indices.filter((i) => ctx.shape(i)[axis] !== 0 || indices.length === 1);
  if (rank === 4 && parts.some((i) => ctx.isChannelsLast(i))) {
    return channelsLast(
      tf.concat(
        parts.map((i) => ctx.channelsLast(i)),
        CHANNELS_LAST_AXIS[axis],
      ),
    );
  }
  return tf.concat(
    parts.map((i) => ctx.input(i)),
    axis,
  );
}

/** Split: sizes from the input (opset 13+) or attribute, else equal parts (the last may be smaller). */
function split(ctx: OpContext): tf.Tensor[] {
  const shape = ctx.shape(0);
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis', 0), shape.length);
  const outputs = ctx.node.outputs.length;
  let sizes = ctx.has(1) ? ctx.ints(1) : ctx.attrs.ints('split');
  if (!sizes) {
    const parts = ctx.attrs.int('num_outputs', outputs);
    const chunk = Math.ceil(shape[axis] / parts);
    sizes = Array.from({ length: parts }, (_, i) => Math.min(chunk, shape[axis] - i * chunk));
  }
  if (sizes.reduce((a, b) => a + b, 0) !== shape[axis]) {
    throw opError(ctx, `split sizes [${sizes.join(', ')}] do not add up to ${shape[axis]}`);
  }
  return tf.split(ctx.input(0), sizes, axis);
}

/**
 * Pad (constant, reflect, edge). Negative pads crop. Reflect and edge gather clamped or mirrored
 * indices per axis, which keeps them differentiable.
 */
function pad(ctx: OpContext): tf.Tensor {
  const shape = ctx.shape(0);
  const rank = shape.length;
  const mode = ctx.attrs.string('mode', 'constant');
  const raw = ctx.opset < 11 ? ctx.attrs.ints('pads', []) : ctx.ints(1);
  const value = ctx.opset < 11 ? ctx.attrs.float('value', 0) : ctx.has(2) ? ctx.numbers(2)[0] : 0;
  const axes = ctx.opset >= 18 && ctx.has(3) ? normalizeAxes(ctx, ctx.ints(3), rank) : shape.map((_, i) => i);
  if (raw.length !== 2 * axes.length) throw opError(ctx, `pads must have ${2 * axes.length} values`);
  const pads: [number, number][] = shape.map(() => [0, 0]);
  axes.forEach((a, k) => {
    pads[a] = [raw[k], raw[k + axes.length]];
  });
  let x = ctx.input(0);
  if (pads.some(([b, e]) => b < 0 || e < 0)) {
    const begin = pads.map(([b]) => Math.max(0, -b));
    const size = shape.map((d, i) => d - begin[i] - Math.max(0, -pads[i][1]));
    x = tf.slice(x, begin, size);
  }
  const grow = pads.map(([b, e]) => [Math.max(0, b), Math.max(0, e)] as [number, number]);
  if (mode === 'constant') return tf.pad(x, grow, value);
  if (mode !== 'reflect' && mode !== 'edge') throw opError(ctx, `unknown mode '${mode}'`);
  grow.forEach(([b, e], axis) => {
    if (b === 0 && e === 0) return;
    const dim = x.shape[axis];
    const source = (i: number) => {
      if (mode === 'edge') return Math.min(Math.max(i, 0), dim - 1);
      const period = 2 * (dim - 1);
      const m = period === 0 ? 0 : ((i % period) + period) % period;
      return m < dim ? m : period - m;
    };
    const indices = Array.from({ length: dim + b + e }, (_, i) => source(i - b));
    x = tf.gather(x, tf.tensor1d(indices, 'int32'), axis);
  });
  return x;
}

function tile(ctx: OpContext): tf.Tensor {
  return tf.tile(ctx.input(0), ctx.ints(1));
}

export const slicingOps: OpTable = {
  Gather: gather,
  Slice: slice,
  Concat: concat,
  Split: split,
  Pad: pad,
  Tile: tile,
};
