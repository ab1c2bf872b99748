import * as tf from '@tensorflow/tfjs-core';
import { channelsLast, type OpContext, type OpOutput, type OpTable } from './types';
import { opError } from './util';

/** How an output coordinate maps to an input coordinate along one axis (`outSize` = in * scale). */
type Transform = (x: number, scale: number, inSize: number, outSize: number) => number;

const TRANSFORMS: Record<string, Transform> = {
  half_pixel: (x, s) => (x + 0.5) / s - 0.5,
  pytorch_half_pixel: (x, s, _in, out) => (out > 1 ? (x + 0.5) / s - 0.5 : 0),
  align_corners: (x, _s, inSize, out) => (out === 1 ? 0 : (x * (inSize - 1)) / (out - 1)),
  asymmetric: (x, s) => x / s,
  tf_half_pixel_for_nn: (x, s) => (x + 0.5) / s,
};

const ROUNDING: Record<string, (v: number) => number> = {
  round_prefer_floor: (v) => (v - Math.floor(v) === 0.5 ? Math.floor(v) : Math.round(v)),
  round_prefer_ceil: (v) => Math.round(v),
  floor: Math.floor,
  ceil: Math.ceil,
};

interface Plan {
  mode: 'nearest' | 'linear' | 'cubic';
  transform: Transform;
  round: (v: number) => number;
  /** Cubic: the kernel's `a`, and whether taps outside the input are dropped (and the rest renormalised). */
  cubicA: number;
  excludeOutside: boolean;
}

/** Keys' cubic convolution weights of the taps at -1, 0, 1, 2 from floor(x), for t = x - floor(x). */
function cubicWeights(t: number, a: number): number[] {
  const far = (d: number) => ((a * d - 5 * a) * d + 8 * a) * d - 4 * a; // 1 <= d < 2
  const near = (d: number) => ((a + 2) * d - (a + 3)) * d * d + 1; // 0 <= d < 1
  return [far(t + 1), near(t), near(1 - t), far(2 - t)];
}

/**
 * Resize (opset 10+) and Upsample, nearest, linear and cubic, with ONNX's coordinate
 * transformations and nearest rounding modes. Each resized axis is a gather of source indices
 * computed here (linear and cubic: two or four gathers mixed by their weights), which matches the
 * specification exactly
 * for every mode and keeps the op differentiable. Spatial axes of channels-last inputs are
 * resized in place.
 */
function resize(
  ctx: OpContext,
  plan: Plan,
  scales: number[] | undefined,
  sizes: number[] | undefined,
): OpOutput {
  const shape = ctx.shape(0);
  const rank = shape.length;
  let out: number[];
  let factors: number[];
  if (sizes && sizes.length > 0) {
    if (sizes.length !== rank) throw opError(ctx, `sizes has ${sizes.length} values for a ${rank}-D input`);
    out = sizes;
    factors = sizes.map((s, i) => s / shape[i]);
  } else if (scales && scales.length > 0) {
    if (scales.length !== rank)
      throw opError(ctx, `scales has ${scales.length} values for a ${rank}-D input`);
    factors = scales;
    out = scales.map((s, i) => Math.floor(shape[i] * s));
  } else {
    throw opError(ctx, 'needs scales or sizes');
  }
  const axes = shape.map((_, i) => i).filter((i) => out[i] !== shape[i] || factors[i] !== 1);
  // NCHW spatial axes 2 and 3 are axes 1 and 2 of a channels-last tensor.
  const last = rank === 4 && ctx.isChannelsLast(0) && axes.every((a) => a >= 2);
  let y = last ? ctx.channelsLast(0) : ctx.input(0);
  for (const axis of axes) {
    const along = last ? axis - 1 : axis;
    y = resizeAxis(y, along, shape[axis], out[axis], factors[axis], plan);
  }
  if (axes.length === 0) y = tf.clone(y);
  return last ? channelsLast(y) : y;
}

function resizeAxis(
  x: tf.Tensor,
  axis: number,
  inSize: number,
  outSize: number,
  scale: number,
  plan: Plan,
): tf.Tensor {
  const clamp = (i: number) => Math.min(Math.max(i, 0), inSize - 1);
  // The resized length in the transformations is in * scale, unrounded (ONNX's reference).
  const resized = inSize * scale;
  const source = Array.from({ length: outSize }, (_, o) => plan.transform(o, scale, inSize, resized));
  if (plan.mode === 'nearest') {
    const indices = source.map((v) => clamp(plan.round(v)));
    return tf.gather(x, tf.tensor1d(indices, 'int32'), axis);
  }
  const lower = source.map((v) => Math.floor(v));
  const shape = x.shape.map((_, i) => (i === axis ? outSize : 1));
  const gatherAt = (offset: number) =>
    tf.gather(
      x,
      tf.tensor1d(
        lower.map((v) => clamp(v + offset)),
        'int32',
      ),
      axis,
    );
  if (plan.mode === 'linear') {
    const t = tf.reshape(tf.tensor1d(source.map((v, i) => v - lower[i])), shape);
    const a = gatherAt(0);
    return tf.add(a, tf.mul(tf.sub(gatherAt(1), a), t));
  }
  // Cubic: four taps per output position, edge values beyond the input unless excluded.
  const taps = [-1, 0, 1, 2];
  const weights = source.map((v, i) => {
    const w = cubicWeights(v - lower[i], plan.cubicA);
    if (!plan.excludeOutside) return w;
    const kept = w.map((wk, k) => (lower[i] + taps[k] >= 0 && lower[i] + taps[k] < inSize ? wk : 0));
    const sum = kept.reduce((p, q) => p + q, 0);
    return kept.map((wk) => wk / sum);
  });
  const terms = taps.map((d, k) =>
    tf.mul(gatherAt(d), tf.reshape(tf.tensor1d(weights.map((w) => w[k])), shape)),
  );
  return tf.addN(terms);
}

function planOf(ctx: OpContext, fallbackTransform: string, fallbackRounding: string): Plan {
  const mode = ctx.attrs.string('mode', 'nearest');
  if (!['nearest', 'linear', 'bilinear', 'cubic'].includes(mode)) {
    throw opError(ctx, `mode '${mode}' is not supported (nearest, linear and cubic are)`);
  }
  const transformName = ctx.attrs.string('coordinate_transformation_mode', fallbackTransform);
  const transform = TRANSFORMS[transformName];
  if (!transform) throw opError(ctx, `coordinate_transformation_mode '${transformName}' is not supported`);
  const roundingName = ctx.attrs.string('nearest_mode', fallbackRounding);
  const round = ROUNDING[roundingName];
  if (!round) throw opError(ctx, `nearest_mode '${roundingName}' is not supported`);
  if (ctx.attrs.int('antialias', 0) === 1) throw opError(ctx, 'antialiasing is not supported');
  return {
    mode: mode === 'bilinear' ? 'linear' : (mode as Plan['mode']),
    transform,
    round,
    cubicA: ctx.attrs.float('cubic_coeff_a', -0.75),
    excludeOutside: ctx.attrs.int('exclude_outside', 0) === 1,
  };
}

export const resizeOps: OpTable = {
  Resize: (ctx) => {
    // Opset 10: (X, scales), asymmetric coordinates; opset 11+: (X, roi, scales, sizes).
    if (ctx.opset < 11) return resize(ctx, planOf(ctx, 'asymmetric', 'floor'), ctx.numbers(1), undefined);
    const scales = ctx.has(2) ? ctx.numbers(2) : undefined;
    const sizes = ctx.has(3) ? ctx.ints(3) : undefined;
    return resize(ctx, planOf(ctx, 'half_pixel', 'round_prefer_floor'), scales, sizes);
  },
  // Deprecated since opset 10: asymmetric coordinates, nearest rounds down.
  Upsample: (ctx) =>
    resize(
      ctx,
      planOf(ctx, 'asymmetric', 'floor'),
      ctx.opset < 9 ? ctx.attrs.floats('scales') : ctx.numbers(1),
      undefined,
    ),
};
