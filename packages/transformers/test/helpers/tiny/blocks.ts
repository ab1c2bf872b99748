import type { GraphBuilder } from './graph-builder';

/** Pieces of a transformer as exported ONNX graphs spell them; `p` is the node-name prefix. */

export function layerNorm(b: GraphBuilder, p: string, x: string, width: number, epsilon: number): string {
  const gain = b.filled(`${p}.weight`, [width], 1);
  const bias = b.weight(`${p}.bias`, [width], 0.05);
  if (b.opset < 17) {
    // Before opset 17 exporters write the normalisation out: (x - mean) / sqrt(var + eps) * gain + bias.
    const mean = b.op('ReduceMean', [x], `${p}/ReduceMean`, { axes: [-1] });
    const centred = b.op('Sub', [x, mean], `${p}/Sub`);
    const variance = b.op(
      'ReduceMean',
      [b.op('Pow', [centred, b.scalar(2)], `${p}/Pow`)],
      `${p}/ReduceMean_1`,
      {
        axes: [-1],
      },
    );
    const std = b.op('Sqrt', [b.op('Add', [variance, b.scalar(epsilon)], `${p}/Add`)], `${p}/Sqrt`);
    const scaled = b.op('Mul', [b.op('Div', [centred, std], `${p}/Div`), gain], `${p}/Mul`);
    return b.op('Add', [scaled, bias], `${p}/Add_1`);
  }
  return b.node('LayerNormalization', [x, gain, bias], {
    name: `${p}/LayerNormalization`,
    attrs: { axis: -1, epsilon },
    floatAttrs: ['epsilon'],
  })[0];
}

/** `x W + b` with W `[in, out]` drawn at scale 1/sqrt(in) times `gain`. */
export function linear(b: GraphBuilder, p: string, x: string, dims: [number, number], gain = 1): string {
  const w = b.weight(`${p}.weight`, dims, gain / Math.sqrt(dims[0]));
  const bias = b.weight(`${p}.bias`, [dims[1]], 0.02);
  return b.op('Add', [b.op('MatMul', [x, w], `${p}/MatMul`), bias], `${p}/Add`);
}

/** `[B, S, heads*d]` to `[B, heads, S, d]`. */
export function splitHeads(b: GraphBuilder, p: string, x: string, heads: number, headDim: number): string {
  const r = b.op('Reshape', [x, b.ints([0, 0, heads, headDim])], `${p}/Reshape`);
  return b.op('Transpose', [r], `${p}/Transpose`, { perm: [0, 2, 1, 3] });
}

/** `[B, heads, S, d]` back to `[B, S, heads*d]`. */
export function mergeHeads(b: GraphBuilder, p: string, x: string, width: number): string {
  const t = b.op('Transpose', [x], `${p}/Transpose`, { perm: [0, 2, 1, 3] });
  return b.op('Reshape', [t, b.ints([0, 0, width])], `${p}/Reshape`);
}

/**
 * Scaled dot-product attention over heads: softmax(q k^T / sqrt(d)) v; where `mask` (bool,
 * broadcast to the scores) is false the score is replaced by a large negative number, as GPT-2's
 * export does with `Where`.
 */
export function attend(
  b: GraphBuilder,
  p: string,
  q: string,
  k: string,
  v: string,
  headDim: number,
  mask?: string,
): string {
  const kT = b.op('Transpose', [k], `${p}/Transpose_k`, { perm: [0, 1, 3, 2] });
  const scores = b.op(
    'Div',
    [b.op('MatMul', [q, kT], `${p}/MatMul`), b.scalar(Math.sqrt(headDim))],
    `${p}/Div`,
  );
  const masked = mask ? b.op('Where', [mask, scores, b.scalar(-1e9)], `${p}/Where`) : scores;
  const probs = b.op('Softmax', [masked], `${p}/Softmax`, { axis: -1 });
  return b.op('MatMul', [probs, v], `${p}/MatMul_1`);
}

/** GELU with erf, as ViT's exporter writes it: x * 0.5 * (1 + erf(x / sqrt 2)). */
export function geluErf(b: GraphBuilder, p: string, x: string): string {
  const erf = b.op('Erf', [b.op('Div', [x, b.scalar(Math.SQRT2)], `${p}/Div`)], `${p}/Erf`);
  const one = b.op('Add', [erf, b.scalar(1)], `${p}/Add`);
  return b.op('Mul', [b.op('Mul', [x, one], `${p}/Mul`), b.scalar(0.5)], `${p}/Mul_1`);
}

/** GPT-2's gelu_new: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
export function geluTanh(b: GraphBuilder, p: string, x: string): string {
  const cube = b.op('Pow', [x, b.scalar(3)], `${p}/Pow`);
  const inner = b.op('Add', [x, b.op('Mul', [cube, b.scalar(0.044715)], `${p}/Mul`)], `${p}/Add`);
  const scaled = b.op('Mul', [inner, b.scalar(Math.sqrt(2 / Math.PI))], `${p}/Mul_1`);
  const t = b.op('Add', [b.op('Tanh', [scaled], `${p}/Tanh`), b.scalar(1)], `${p}/Add_1`);
  return b.op('Mul', [b.op('Mul', [x, b.scalar(0.5)], `${p}/Mul_2`), t], `${p}/Mul_3`);
}
