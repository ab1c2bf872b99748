import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase, Fill } from './case';
import { binaryReference, unaryReference } from './reference';

type Unary = [kernel: string, f: (x: tf.Tensor) => tf.Tensor, js: (x: number) => number, fill?: Fill];

const UNARY: Unary[] = [
  ['Abs', tf.abs, Math.abs],
  ['Neg', tf.neg, (x) => -x],
  ['Exp', tf.exp, Math.exp],
  ['Expm1', tf.expm1, Math.expm1],
  ['Log', tf.log, Math.log, 'positive'],
  ['Log1p', tf.log1p, Math.log1p, 'positive'],
  ['Sqrt', tf.sqrt, Math.sqrt, 'positive'],
  ['Rsqrt', tf.rsqrt, (x) => 1 / Math.sqrt(x), 'positive'],
  ['Reciprocal', tf.reciprocal, (x) => 1 / x, 'positive'],
  ['Square', tf.square, (x) => x * x],
  ['Sin', tf.sin, Math.sin],
  ['Cos', tf.cos, Math.cos],
  ['Tan', tf.tan, Math.tan, 'unit'],
  ['Asin', tf.asin, Math.asin, 'unit'],
  ['Acos', tf.acos, Math.acos, 'unit'],
  ['Atan', tf.atan, Math.atan],
  ['Sinh', tf.sinh, Math.sinh],
  ['Cosh', tf.cosh, Math.cosh],
  ['Asinh', tf.asinh, Math.asinh],
  ['Acosh', tf.acosh, Math.acosh, 'aboveOne'],
  ['Atanh', tf.atanh, Math.atanh, 'unit'],
  ['Identity', tf.clone, (x) => x],
  ['Cast', (x) => tf.cast(x, 'float32'), (x) => x],
  // Piecewise constant or boolean: the gradient is 0, checked as x + g(x) so that the output is float.
  ['Floor', (x) => tf.add(x, tf.floor(x)), (x) => x + Math.floor(x)],
  ['Ceil', (x) => tf.add(x, tf.ceil(x)), (x) => x + Math.ceil(x)],
  ['Round', (x) => tf.add(x, tf.round(x)), (x) => x + Math.round(x)],
  ['Sign', (x) => tf.add(x, tf.sign(x)), (x) => x + Math.sign(x)],
  ['IsNan', (x) => tf.add(x, tf.cast(tf.isNaN(x), 'float32')), (x) => x],
  ['IsInf', (x) => tf.add(x, tf.cast(tf.isInf(x), 'float32')), (x) => x],
  ['IsFinite', (x) => tf.add(x, tf.cast(tf.isFinite(x), 'float32')), (x) => x + 1],
  ['OnesLike', (x) => tf.add(x, tf.onesLike(x)), (x) => x + 1],
  ['ZerosLike', (x) => tf.add(x, tf.zerosLike(x)), (x) => x],
];

type Binary = [
  kernel: string,
  f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  js: (a: number, b: number) => number,
];

type Compare = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** A comparison's gradient is zero: checked as a + [a op b], whose gradient is 1 for a and 0 for b. */
function comparison(kernel: string, op: Compare, js: (a: number, b: number) => boolean): Binary {
  return [kernel, (a, b) => tf.add(a, tf.cast(op(a, b), 'float32')), (a, b) => a + (js(a, b) ? 1 : 0)];
}

const nonNegative = (a: tf.Tensor, b: tf.Tensor): [tf.Tensor, tf.Tensor] => [
  tf.greaterEqual(a, 0),
  tf.greaterEqual(b, 0),
];

const COMPARISONS: Binary[] = [
  comparison('GreaterEqual', tf.greaterEqual, (a, b) => a >= b),
  comparison('Greater', tf.greater, (a, b) => a > b),
  comparison('Less', tf.less, (a, b) => a < b),
  comparison('LessEqual', tf.lessEqual, (a, b) => a <= b),
  comparison('Equal', tf.equal, (a, b) => a === b),
  comparison('NotEqual', tf.notEqual, (a, b) => a !== b),
  // Logical ops on masks made from the inputs' signs.
  comparison(
    'LogicalAnd',
    (a, b) => tf.logicalAnd(...nonNegative(a, b)),
    (a, b) => a >= 0 && b >= 0,
  ),
  comparison(
    'LogicalOr',
    (a, b) => tf.logicalOr(...nonNegative(a, b)),
    (a, b) => a >= 0 || b >= 0,
  ),
  comparison(
    'LogicalNot',
    (a, b) => tf.logicalNot(tf.greaterEqual(a, b)),
    (a, b) => !(a >= b),
  ),
];

const BINARY: Binary[] = [
  ['Add', tf.add, (a, b) => a + b],
  ['Sub', tf.sub, (a, b) => a - b],
  ['Multiply', tf.mul, (a, b) => a * b],
  ['RealDiv', tf.div, (a, b) => a / b],
  ['Pow', tf.pow, (a, b) => a ** b],
  ['Maximum', tf.maximum, Math.max],
  ['Minimum', tf.minimum, Math.min],
  ['SquaredDifference', tf.squaredDifference, (a, b) => (a - b) ** 2],
  ['Atan2', tf.atan2, Math.atan2],
  ['Mod', tf.mod, (a, b) => a - b * Math.floor(a / b)],
  ['FloorDiv', (a, b) => tf.add(a, tf.cast(tf.floorDiv(a, b), 'float32')), (a, b) => a + Math.floor(a / b)],
  ...COMPARISONS,
];

// Every axis broadcast one way or the other, a scalar, and a rank difference.
const BROADCASTS: [number[], number[]][] = [
  [
    [2, 3, 4],
    [2, 3, 4],
  ],
  [[2, 3, 4], [4]],
  [
    [2, 1, 4],
    [1, 3, 1],
  ],
  [
    [1, 3, 1],
    [2, 1, 4],
  ],
  [[2, 3, 4], []],
];

function needsPositive(kernel: string): [Fill, Fill] {
  if (kernel === 'Pow') return ['positive', 'signed'];
  if (kernel === 'RealDiv' || kernel === 'Mod' || kernel === 'FloorDiv') return ['signed', 'positive'];
  return ['signed', 'signed'];
}

function binaryCases([kernel, f, js]: Binary): ConformanceCase[] {
  const [fa, fb] = needsPositive(kernel);
  return BROADCASTS.map(([sa, sb]) => ({
    kernel,
    name: `[${sa}] with [${sb}]`,
    inputs: [
      { shape: sa, fill: fa },
      { shape: sb, fill: fb },
    ],
    f,
    reference: binaryReference(js),
  }));
}

export const elementwiseCases: ConformanceCase[] = [
  ...UNARY.map(([kernel, f, js, fill]) => ({
    kernel,
    name: `random [2, 3, 4]${fill ? ` (${fill})` : ''}`,
    inputs: [{ shape: [2, 3, 4], fill }],
    f,
    reference: unaryReference(js),
  })),
  ...BINARY.flatMap(binaryCases),
  {
    kernel: 'Maximum',
    name: 'ties: the first input gets the gradient',
    inputs: [
      { shape: [4], values: [0, 1, -1, 0.5] },
      { shape: [4], values: [0, 1, -1, 0.25] },
    ],
    f: tf.maximum,
    reference: binaryReference(Math.max),
    ties: 'first',
  },
  {
    kernel: 'AddN',
    name: 'three inputs',
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 3] }],
    f: (a, b, c) => tf.addN([a, b, c]),
    reference: ([a, b, c]) => a.map((v, i) => v + b[i] + c[i]),
  },
  {
    kernel: 'Select',
    name: 'where(condition, a, b)',
    inputs: [
      { shape: [2, 3], dtype: 'int32', values: [1, 0, 1, 1, 0, 0] },
      { shape: [2, 3] },
      { shape: [2, 3] },
    ],
    f: (c, a, b) => tf.where(tf.cast(c, 'bool'), a, b),
    reference: ([c, a, b]) => c.map((v, i) => (v > 0 ? a[i] : b[i])),
  },
];
