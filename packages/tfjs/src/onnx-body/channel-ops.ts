import { type BodyGraph, type Constant, nchwAxis, type Value } from './body-graph';
import { unsupported } from './unsupported';

export type Activation =
  | {
      kind:
        | 'linear'
        | 'relu'
        | 'relu6'
        | 'sigmoid'
        | 'tanh'
        | 'swish'
        | 'hardSigmoid'
        | 'hardSwish'
        | 'softplus'
        | 'softsign'
        | 'selu';
    }
  | { kind: 'elu' | 'leakyRelu'; alpha: number }
  | { kind: 'prelu'; alpha: Constant }
  | { kind: 'clip'; min: number; max: number };

const scalar = (g: BodyGraph, v: number) => g.b.floats([], Float32Array.of(v), 'scalar');

/** TF.js's activations as ONNX ops (hard sigmoid is TF.js's clip(0.2 x + 0.5, 0, 1), ONNX's default). */
export function activation(g: BodyGraph, x: Value, a: Activation): Value {
  const clip = (min: number, max: number) => ({
    name: g.b.node('Clip', [x.name, scalar(g, min), scalar(g, max)]),
    rank: x.rank,
  });
  switch (a.kind) {
    case 'linear':
      return x;
    case 'relu':
      return g.unary('Relu', x);
    case 'relu6':
      return clip(0, 6);
    case 'clip':
      return clip(a.min, a.max);
    case 'sigmoid':
      return g.unary('Sigmoid', x);
    case 'tanh':
      return g.unary('Tanh', x);
    case 'softplus':
      return g.unary('Softplus', x);
    case 'softsign':
      return g.unary('Softsign', x);
    case 'selu':
      return g.unary('Selu', x);
    case 'hardSigmoid':
      return g.unary('HardSigmoid', x);
    case 'swish':
      return g.binary('Mul', x, g.unary('Sigmoid', x));
    case 'hardSwish':
      return g.binary('Mul', x, g.unary('HardSigmoid', x, { alpha: { float: 1 / 6 }, beta: { float: 0.5 } }));
    case 'elu':
      return g.unary('Elu', x, { alpha: { float: a.alpha } });
    case 'leakyRelu':
      return g.unary('LeakyRelu', x, { alpha: { float: a.alpha } });
    case 'prelu':
      return { name: g.b.node('PRelu', [x.name, g.constant(a.alpha, x.rank).name]), rank: x.rank };
  }
}

export interface BatchNormSpec {
  mean: Float32Array;
  variance: Float32Array;
  /** Absent: 1 (Keras' `scale=False`). */
  gamma?: Float32Array;
  /** Absent: 0 (`center=False`). */
  beta?: Float32Array;
  epsilon: number;
}

/** Inference batch norm over the last (channel) axis, as ONNX BatchNormalization (channel axis 1). */
export function batchNorm(g: BodyGraph, x: Value, s: BatchNormSpec): Value {
  if (x.rank !== 4 && x.rank !== 2) unsupported(`a batch norm of a rank-${x.rank} tensor`);
  const c = s.mean.length;
  const name = g.b.node(
    'BatchNormalization',
    [
      x.name,
      g.b.floats([c], s.gamma ?? new Float32Array(c).fill(1), 'gamma'),
      g.b.floats([c], s.beta ?? new Float32Array(c), 'beta'),
      g.b.floats([c], s.mean, 'mean'),
      g.b.floats([c], s.variance, 'variance'),
    ],
    { epsilon: { float: s.epsilon } },
  );
  return { name, rank: x.rank };
}

export function concat(g: BodyGraph, xs: Value[], axis: number): Value {
  const rank = xs[0].rank;
  if (xs.some((x) => x.rank !== rank)) unsupported('a concatenation of tensors of different ranks');
  return {
    name: g.b.node(
      'Concat',
      xs.map((x) => x.name),
      { axis: nchwAxis(axis, rank) },
    ),
    rank,
  };
}

/** TF.js reshape to `shape` (batch included; -1 allowed), done in TF.js layout. */
export function reshape(g: BodyGraph, x: Value, shape: number[]): Value {
  if (shape.includes(0)) unsupported('a reshape to an empty dimension');
  const name = g.b.node('Reshape', [g.tfLayout(x), g.b.int64s(shape, 'shape')]);
  return g.fromTfLayout(name, shape.length);
}

/** Keras Flatten: [batch, everything else] in TF.js order. */
export function flatten(g: BodyGraph, x: Value): Value {
  if (x.rank === 2) return x;
  return { name: g.b.node('Flatten', [g.tfLayout(x)], { axis: 1 }), rank: 2 };
}

/** Mean / Max over TF.js axes; a 4-D tensor reduced to [batch, channels] needs no transpose. */
export function reduce(g: BodyGraph, x: Value, op: 'mean' | 'max', axes: number[], keepDims: boolean): Value {
  const onnx = op === 'mean' ? 'ReduceMean' : 'ReduceMax';
  const norm = [...new Set(axes.map((a) => (a < 0 ? a + x.rank : a)))].sort();
  const spatial = x.rank === 4 && norm.length === 2 && norm[0] === 1 && norm[1] === 2;
  if (x.rank !== 4 || keepDims || spatial) {
    const name = g.b.node(onnx, [x.name], {
      axes: norm.map((a) => nchwAxis(a, x.rank)),
      keepdims: keepDims ? 1 : 0,
    });
    return { name, rank: keepDims ? x.rank : x.rank - norm.length };
  }
  const name = g.b.node(onnx, [g.tfLayout(x)], { axes: norm, keepdims: 0 });
  return g.fromTfLayout(name, x.rank - norm.length);
}

/** x [..., in] times kernel [in, out] (+ bias), on the last TF.js axis. */
export function dense(g: BodyGraph, x: Value, kernel: Constant, bias?: Float32Array): Value {
  const product = g.b.node('MatMul', [g.tfLayout(x), g.b.floats(kernel.shape, kernel.data, 'kernel')]);
  const biased = bias ? g.b.node('Add', [product, g.b.floats([bias.length], bias, 'bias')]) : product;
  return g.fromTfLayout(biased, x.rank);
}
