import { guidedClippedRelu } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { binary, broadcasting, unary } from './layout';
import { withoutGradient } from './no-gradient';
import type { OpContext, OpTable } from './types';
import { opError } from './util';

const FLOAT_MAX = 3.4028234663852886e38;

/** Same dtype on both sides: ONNX allows e.g. Pow(float, int64), TF.js does not. */
const like = (x: tf.Tensor, ref: tf.Tensor) => (x.dtype === ref.dtype ? x : tf.cast(x, ref.dtype));

/**
 * Clip's bounds are attributes up to opset 10 and optional scalar inputs from opset 11. With
 * `guidedClip`, a Clip from 0 runs as a rectifier (Relu, Relu6, or a clipped ReLU) so that guided
 * backpropagation gates it like a ReLU; otherwise it keeps its plain gradient, as the reference
 * (which replaces torch.nn.ReLU only) treats MobileNetV2's ReLU6.
 */
function clip(x: tf.Tensor, ctx: OpContext): tf.Tensor {
  let lo: number;
  let hi: number;
  if (ctx.opset < 11) {
    lo = ctx.attrs.float('min', -FLOAT_MAX);
    hi = ctx.attrs.float('max', FLOAT_MAX);
  } else {
    lo = ctx.has(1) ? scalar(ctx, 1) : Number.NEGATIVE_INFINITY;
    hi = ctx.has(2) ? scalar(ctx, 2) : Number.POSITIVE_INFINITY;
  }
  if (ctx.options.guidedClip && lo === 0 && x.dtype === 'float32') {
    if (hi >= FLOAT_MAX) return tf.relu(x);
    if (hi === 6) return tf.relu6(x);
    if (hi > 0) return guidedClippedRelu(x, hi);
  }
  // ONNX: when min > max every value becomes max.
  if (lo > hi) return tf.minimum(tf.maximum(x, like(tf.scalar(lo), x)), like(tf.scalar(hi), x));
  if (lo <= -FLOAT_MAX && hi >= FLOAT_MAX) return tf.clone(x);
  return tf.clipByValue(x, Math.max(lo, -FLOAT_MAX), Math.min(hi, FLOAT_MAX));
}

function scalar(ctx: OpContext, i: number): number {
  const values = ctx.numbers(i);
  if (values.length !== 1) throw opError(ctx, `input ${i} must be a scalar, got ${values.length} values`);
  return values[0];
}

function hardSigmoid(x: tf.Tensor, alpha: number, beta: number): tf.Tensor {
  return tf.clipByValue(tf.add(tf.mul(x, alpha), beta), 0, 1);
}

/** Selu and Elu with the node's own constants (TF.js fixes them), without a Where on a comparison. */
function elu(x: tf.Tensor, alpha: number, scale: number): tf.Tensor {
  const negative = tf.mul(tf.sub(tf.exp(tf.minimum(x, 0)), 1), alpha);
  return tf.mul(tf.add(tf.relu(x), negative), scale);
}

/**
 * Broadcast every operand to the common shape first: TF.js's Maximum, Minimum and Select
 * gradients do not sum over broadcast axes, BroadcastTo's does.
 */
function broadcastAll(xs: tf.Tensor[]): tf.Tensor[] {
  const rank = Math.max(...xs.map((x) => x.rank));
  const shape = Array.from({ length: rank }, (_, i) =>
    Math.max(...xs.map((x) => x.shape[x.rank - rank + i] ?? 1)),
  );
  return xs.map((x) =>
    x.shape.length === rank && x.shape.every((d, i) => d === shape[i]) ? x : tf.broadcastTo(x, shape),
  );
}

const compare = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
  binary((a, b) => withoutGradient(f as (...xs: tf.Tensor[]) => tf.Tensor, a, b));

function gelu(x: tf.Tensor, ctx: OpContext): tf.Tensor {
  if (ctx.attrs.string('approximate', 'none') === 'tanh') {
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
  }
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** C's fmod (sign of the dividend) for fmod=1, Python's (sign of the divisor) otherwise. */
function mod(a: tf.Tensor, b: tf.Tensor, ctx: OpContext): tf.Tensor {
  if (ctx.attrs.int('fmod', 0) === 0) return tf.mod(a, b);
  const quotient = tf.div(tf.cast(a, 'float32'), tf.cast(b, 'float32'));
  const truncated = tf.mul(tf.sign(quotient), tf.floor(tf.abs(quotient)));
  return tf.sub(a, like(tf.mul(truncated, tf.cast(b, 'float32')), a));
}

/** Integer division truncates in ONNX; TF.js's int32 div floors. */
function div(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.dtype !== 'int32') return tf.div(a, b);
  const q = tf.div(tf.cast(a, 'float32'), tf.cast(b, 'float32'));
  return tf.cast(tf.mul(tf.sign(q), tf.floor(tf.abs(q))), 'int32');
}

const prelu = (x: tf.Tensor, slope: tf.Tensor) => tf.sub(tf.relu(x), tf.mul(slope, tf.relu(tf.neg(x))));
const preluOp = binary(prelu);

/** Before opset 7 a 1-D slope of C values applied per channel (axis 1), not to the last axis. */
function legacyPrelu(ctx: OpContext): tf.Tensor {
  const x = ctx.input(0);
  const slope = ctx.input(1);
  const perChannel = slope.rank === 1 && x.rank > 2 && slope.size === x.shape[1];
  return prelu(x, perChannel ? tf.reshape(slope, [slope.size, ...new Array(x.rank - 2).fill(1)]) : slope);
}

const reduceVariadic = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
  broadcasting((xs) => (xs.length === 1 ? tf.clone(xs[0]) : broadcastAll(xs).reduce((a, b) => f(a, b))));

export const elementwiseOps: OpTable = {
  Add: binary((a, b) => tf.add(a, b)),
  Sub: binary((a, b) => tf.sub(a, b)),
  Mul: binary((a, b) => tf.mul(a, b)),
  Div: binary(div),
  Pow: binary((a, b) => tf.pow(a, like(b, a))),
  Mod: binary(mod),
  PRelu: (ctx) => (ctx.opset < 7 ? legacyPrelu(ctx) : preluOp(ctx)),
  Max: reduceVariadic(tf.maximum),
  Min: reduceVariadic(tf.minimum),
  Sum: reduceVariadic(tf.add),
  Mean: broadcasting((xs) =>
    tf.div(
      xs.reduce((a, b) => tf.add(a, b)),
      xs.length,
    ),
  ),
  Equal: compare(tf.equal),
  Greater: compare(tf.greater),
  GreaterOrEqual: compare(tf.greaterEqual),
  Less: compare(tf.less),
  LessOrEqual: compare(tf.lessEqual),
  And: compare(tf.logicalAnd),
  Or: compare(tf.logicalOr),
  Xor: compare(tf.logicalXor),
  Where: broadcasting((xs) => {
    const [c, a, b] = broadcastAll(xs);
    return tf.where(c.dtype === 'bool' ? c : withoutGradient((t) => tf.cast(t, 'bool'), c), a, b);
  }),

  Relu: unary((x) => tf.relu(x)),
  Clip: unary(clip),
  LeakyRelu: unary((x, ctx) => tf.leakyRelu(x, ctx.attrs.float('alpha', 0.01))),
  Elu: unary((x, ctx) => elu(x, ctx.attrs.float('alpha', 1), 1)),
  Selu: unary((x, ctx) =>
    elu(x, ctx.attrs.float('alpha', 1.6732632423543772), ctx.attrs.float('gamma', 1.0507009873554805)),
  ),
  Celu: unary((x, ctx) => {
    const alpha = ctx.attrs.float('alpha', 1);
    return tf.add(tf.relu(x), tf.minimum(0, tf.mul(tf.sub(tf.exp(tf.div(x, alpha)), 1), alpha)));
  }),
  // step() has a (zero) gradient, unlike a comparison.
  ThresholdedRelu: unary((x, ctx) => tf.mul(x, tf.step(tf.sub(x, ctx.attrs.float('alpha', 1))))),
  Sigmoid: unary((x) => tf.sigmoid(x)),
  HardSigmoid: unary((x, ctx) => hardSigmoid(x, ctx.attrs.float('alpha', 0.2), ctx.attrs.float('beta', 0.5))),
  HardSwish: unary((x) => tf.mul(x, hardSigmoid(x, 1 / 6, 0.5))),
  Tanh: unary((x) => tf.tanh(x)),
  Softplus: unary((x) => tf.softplus(x)),
  Softsign: unary((x) => tf.div(x, tf.add(tf.abs(x), 1))),
  Mish: unary((x) => tf.mul(x, tf.tanh(tf.softplus(x)))),
  Gelu: unary(gelu),
  Exp: unary((x) => tf.exp(x)),
  Log: unary((x) => tf.log(x)),
  Sqrt: unary((x) => tf.sqrt(x)),
  Reciprocal: unary((x) => tf.reciprocal(x)),
  Neg: unary((x) => tf.neg(x)),
  Abs: unary((x) => tf.abs(x)),
  Sign: unary((x) => tf.sign(x)),
  Erf: unary((x) => tf.erf(x)),
  Floor: unary((x) => tf.floor(x)),
  Ceil: unary((x) => tf.ceil(x)),
  Round: unary((x) => tf.round(x)),
  Sin: unary((x) => tf.sin(x)),
  Cos: unary((x) => tf.cos(x)),
  Tan: unary((x) => tf.tan(x)),
  Asin: unary((x) => tf.asin(x)),
  Acos: unary((x) => tf.acos(x)),
  Atan: unary((x) => tf.atan(x)),
  Sinh: unary((x) => tf.sinh(x)),
  Cosh: unary((x) => tf.cosh(x)),
  Asinh: unary((x) => tf.asinh(x)),
  Acosh: unary((x) => tf.acosh(x)),
  Atanh: unary((x) => tf.atanh(x)),
  IsNaN: unary((x) => withoutGradient(tf.isNaN, x)),
  IsInf: unary((x, ctx) => {
    const negative = ctx.attrs.int('detect_negative', 1) === 1;
    const positive = ctx.attrs.int('detect_positive', 1) === 1;
    return withoutGradient(
      (t) =>
        tf.logicalAnd(
          tf.isInf(t),
          negative && positive ? tf.onesLike(t).cast('bool') : negative ? tf.less(t, 0) : tf.greater(t, 0),
        ),
      x,
    );
  }),
  Not: unary((x) => withoutGradient(tf.logicalNot, x)),
};
