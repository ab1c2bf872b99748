import type { OnnxNode } from '../proto/types';

/** Only one row (`row` along `axis`) of a tensor is read. */
export interface Rows {
  axis: number;
  row: number;
}

/** What a node's input must hold: only some rows, or all of it. */
export type Need = Rows | 'all';

/** What the row rules know about the graph. */
export interface RowFacts {
  /** ONNX-layout shape (batch 1), when measured or constant. */
  shape(name: string): number[] | undefined;
  isConstant(name: string): boolean;
  /** A constant's values as numbers. */
  ints(name: string): number[] | undefined;
  opset: number;
}

/** Elementwise ops whose output row i reads row i of each input (broadcasting aside). */
const ELEMENTWISE = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Erf',
  'Sqrt',
  'Relu',
  'Sigmoid',
  'Tanh',
  'Exp',
  'Log',
  'Neg',
  'Abs',
  'Reciprocal',
  'Identity',
  'Max',
  'Min',
  'Clip',
  'LeakyRelu',
  'HardSigmoid',
  'Softplus',
  'Gelu',
]);
const REDUCE = new Set(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceL2', 'ReduceSumSquare']);

const int = (node: OnnxNode, name: string, fallback: number): number => {
  const a = node.attributes[name];
  return a?.type === 'int' ? a.value : fallback;
};
const ints = (node: OnnxNode, name: string): number[] | undefined => {
  const a = node.attributes[name];
  return a?.type === 'ints' ? a.value : a?.type === 'int' ? [a.value] : undefined;
};
const norm = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/**
 * When only `out` of the node's single output is read, what each input must hold; undefined when
 * the node is not known to compute that row from those rows alone (the caller then keeps it whole).
 */
export function rowNeeds(node: OnnxNode, out: Rows, facts: RowFacts): Need[] | undefined {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return undefined;
  if (node.outputs.filter((o) => o !== '').length !== 1 || node.outputs[0] === '') return undefined;
  const outShape = facts.shape(node.outputs[0]);
  // A row axis of size 1 at batch 1 could be the batch: nothing to gain, and not safe to assume.
  if (!outShape || outShape[out.axis] === undefined || outShape[out.axis] <= 1) return undefined;
  const a = out.axis;
  const rows = (axis: number): Rows => ({ axis, row: out.row });
  const op = node.opType;

  if (ELEMENTWISE.has(op)) {
    const needs: Need[] = [];
    for (const name of node.inputs) {
      const s = name === '' ? [] : facts.shape(name);
      if (!s) return undefined;
      const ia = a - (outShape.length - s.length);
      // Broadcast along the row axis: every output row reads the same values.
      needs.push(name === '' || ia < 0 || s[ia] === 1 ? 'all' : s[ia] === outShape[a] ? rows(ia) : 'all');
      if (ia >= 0 && s[ia] !== 1 && s[ia] !== outShape[a]) return undefined;
    }
    return needs;
  }
  if (REDUCE.has(op)) {
    const inShape = facts.shape(node.inputs[0]);
    const axesIn = node.inputs[1] ? facts.ints(node.inputs[1]) : ints(node, 'axes');
    if (!inShape || !axesIn || axesIn.length === 0) return undefined;
    const axes = axesIn.map((x) => norm(x, inShape.length));
    const kept = inShape.map((_, i) => i).filter((i) => !axes.includes(i));
    const ia = int(node, 'keepdims', 1) === 1 ? a : kept[a];
    if (ia === undefined || axes.includes(ia)) return undefined;
    return node.inputs.map((_, i) => (i === 0 ? rows(ia) : 'all'));
  }
  if (op === 'Softmax' || op === 'LogSoftmax') {
    const legacy = facts.opset < 13;
    const axis = norm(int(node, 'axis', legacy ? 1 : -1), outShape.length);
    // Before opset 13 the op normalises over every axis from `axis` on.
    if (legacy ? a >= axis : a === axis) return undefined;
    return [rows(a)];
  }
  if (op === 'LayerNormalization') {
    const axis = norm(int(node, 'axis', -1), outShape.length);
    if (a >= axis) return undefined;
    return node.inputs.map((_, i) => (i === 0 ? rows(a) : 'all'));
  }
  if (op === 'MatMul') {
    const sa = facts.shape(node.inputs[0]);
    const sb = facts.shape(node.inputs[1]);
    const r = outShape.length;
    if (!sa || !sb || sa.length < 2 || sb.length < 2 || a === r - 1) return undefined;
    // Row i of A @ B reads row i of A and all of B.
    if (a === r - 2) return [rows(sa.length - 2), 'all'];
    // A batch axis: only when B is one constant matrix shared by every batch entry.
    if (facts.isConstant(node.inputs[1]) && sb.length === 2) return [rows(a - (r - sa.length)), 'all'];
    return undefined;
  }
  if (op === 'Gemm') {
    const c = node.inputs[2] ? facts.shape(node.inputs[2]) : [];
    if (a !== 0 || int(node, 'transA', 0) !== 0 || !c || (c.length === 2 && c[0] !== 1)) return undefined;
    return node.inputs.map((_, i) => (i === 0 ? rows(0) : 'all'));
  }
  if (op === 'Transpose') {
    const perm = ints(node, 'perm') ?? outShape.map((_, i) => outShape.length - 1 - i);
    return [rows(perm[a])];
  }
  if (op === 'Reshape') {
    const shape = facts.ints(node.inputs[1]);
    // Copying every dimension up to the row axis (0 in the shape) keeps each row a block of its own.
    if (!shape || int(node, 'allowzero', 0) !== 0 || !shape.slice(0, a + 1).every((d) => d === 0)) {
      return undefined;
    }
    return [rows(a), 'all'];
  }
  return undefined;
}

/** A Gather of one constant index: the row it reads, on its input's axis. */
export function selectedRow(node: OnnxNode, facts: RowFacts): Rows | undefined {
  if (node.opType !== 'Gather' || (node.domain !== '' && node.domain !== 'ai.onnx')) return undefined;
  const [data, indices] = node.inputs;
  if (!facts.isConstant(indices)) return undefined;
  const values = facts.ints(indices);
  const shape = facts.shape(data);
  if (values?.length !== 1 || !shape) return undefined;
  const axis = norm(int(node, 'axis', 0), shape.length);
  const row = values[0] < 0 ? values[0] + shape[axis] : values[0];
  if (row < 0 || row >= shape[axis]) return undefined;
  return { axis, row };
}
