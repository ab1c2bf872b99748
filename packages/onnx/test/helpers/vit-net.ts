import { encodeModel, type NodeSpec, type TensorSpec } from './onnx-builder';
import { seeded, size } from './seeded';

export interface VitSpec {
  image: number;
  patch: number;
  dim: number;
  heads: number;
  blocks: number;
  mlp: number;
  classes: number;
}

/** Small enough for finite differences at every token tensor. */
export const TINY_VIT: VitSpec = { image: 12, patch: 4, dim: 8, heads: 2, blocks: 2, mlp: 16, classes: 5 };
/** ViT-Tiny/16's sizes: 197 tokens of 192 channels, 12 blocks of 3 heads. */
export const VIT_TINY_SIZE: VitSpec = {
  image: 224,
  patch: 16,
  dim: 192,
  heads: 3,
  blocks: 12,
  mlp: 768,
  classes: 1000,
};

/**
 * A seeded vision transformer written as torchvision exports one at opset 13, attention
 * sequence-first:
 *   x [N, 3, S, S] -> Conv patches [N, D, g, g] -> Reshape [N, D, g*g] -> Transpose [N, g*g, D]
 *   -> Concat(class token expanded to N) [N, T, D] -> Add position embedding -> Transpose
 *   [T, N, D] `b0_in` -> blocks -> LayerNorm `final` -> Gather(token 0) [N, D] -> Gemm y [N, K]
 * Each block (x `b{i}_in` [T, N, D]): LayerNorm (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div,
 * Mul, Add) -> MatMul by [D, 3D] -> Split q, k, v -> Reshape [T, N*H, D/H] -> Transpose
 * [N*H, T, D/H] -> softmax(q k^T / sqrt(D/H)) v -> back to [T, N, D] -> MatMul by [D, D] ->
 * + x = `b{i}_mid`; LayerNorm -> MatMul [D, M] -> Gelu (Erf form) -> MatMul [M, D] -> + `b{i}_mid`.
 */
export function vitNet(spec: VitSpec = TINY_VIT, seed = 1): Uint8Array {
  const { image, patch, dim, heads, blocks, mlp, classes } = spec;
  const grid = image / patch;
  const tokens = grid * grid + 1;
  const hd = dim / heads;
  let n = 0;
  const inits: TensorSpec[] = [];
  const param = (name: string, dims: number[], scale: number, offset = 0): string => {
    inits.push({ name, dims, data: seeded(size(dims), seed * 1000 + n++).map((v) => offset + v * scale) });
    return name;
  };
  const ints = (name: string, values: number[]): string => {
    inits.push({ name, dims: [values.length], type: 'int64', data: values.map(BigInt) });
    return name;
  };
  const scalar = (name: string, value: number): string => {
    inits.push({ name, dims: [], data: [value] });
    return name;
  };
  const nodes: NodeSpec[] = [];
  const node = (op: string, name: string, inputs: string[], attrs?: NodeSpec['attrs']): string => {
    nodes.push({ op, name, inputs, outputs: [name], ...(attrs ? { attrs } : {}) });
    return name;
  };

  scalar('two', 2);
  scalar('eps', 1e-6);
  scalar('half', 0.5);
  scalar('one', 1);
  scalar('sqrt2', Math.SQRT2);
  scalar('qscale', 1 / Math.sqrt(hd));
  const layerNorm = (prefix: string, x: string): string => {
    const mean = node('ReduceMean', `${prefix}/mean`, [x], { axes: { ints: [-1] } });
    const centred = node('Sub', `${prefix}/centred`, [x, mean]);
    const squared = node('Pow', `${prefix}/squared`, [centred, 'two']);
    const variance = node('ReduceMean', `${prefix}/variance`, [squared], { axes: { ints: [-1] } });
    const std = node('Sqrt', `${prefix}/std`, [node('Add', `${prefix}/var_eps`, [variance, 'eps'])]);
    const normed = node('Div', `${prefix}/normed`, [centred, std]);
    const scaled = node('Mul', `${prefix}/scaled`, [normed, param(`${prefix}.weight`, [dim], 0.3, 1)]);
    return node('Add', `${prefix}/out`, [scaled, param(`${prefix}.bias`, [dim], 0.1)]);
  };
  const linear = (prefix: string, x: string, k: number, m: number): string =>
    node('Add', `${prefix}/out`, [
      node('MatMul', `${prefix}/matmul`, [x, param(`${prefix}.weight`, [k, m], 1.2 / Math.sqrt(k))]),
      param(`${prefix}.bias`, [m], 0.1),
    ]);

  // Patch embedding, class token, position embedding.
  nodes.push({
    op: 'Conv',
    name: 'patch_embed',
    inputs: [
      'x',
      param('conv_proj.weight', [dim, 3, patch, patch], 1 / patch),
      param('conv_proj.bias', [dim], 0.1),
    ],
    outputs: ['patches'],
    attrs: { strides: { ints: [patch, patch] } },
  });
  const flat = node('Reshape', 'patch_flat', ['patches', ints('flat_shape', [0, dim, -1])]);
  const seq = node('Transpose', 'patch_tokens', [flat], { perm: { ints: [0, 2, 1] } });
  const shape = node('Shape', 'patch_shape', [seq]);
  const batch = node('Gather', 'batch_size', [shape, ints('zero_index', [0])], { axis: { i: 0 } });
  const expandTo = node('Concat', 'class_shape', [batch, ints('one_dim', [1, dim])], { axis: { i: 0 } });
  const cls = node('Expand', 'class_tokens', [param('class_token', [1, 1, dim], 0.5), expandTo]);
  const joined = node('Concat', 'tokens', [cls, seq], { axis: { i: 1 } });
  const placed = node('Add', 'embedded', [joined, param('pos_embedding', [1, tokens, dim], 0.2)]);
  let x = node('Transpose', 'b0_in', [placed], { perm: { ints: [1, 0, 2] } });

  for (let b = 0; b < blocks; b++) {
    const p = `b${b}`;
    const qkv = linear(`${p}/in_proj`, layerNorm(`${p}/ln_1`, x), dim, 3 * dim);
    nodes.push({
      op: 'Split',
      name: `${p}/split`,
      inputs: [qkv, ints(`${p}/split_sizes`, [dim, dim, dim])],
      outputs: [`${p}/q`, `${p}/k`, `${p}/v`],
      attrs: { axis: { i: 2 } },
    });
    const headsOf = (t: string) =>
      node('Transpose', `${t}_heads`, [node('Reshape', `${t}_split`, [t, ints(`${t}_shape`, [0, -1, hd])])], {
        perm: { ints: [1, 0, 2] },
      });
    const q = node('Mul', `${p}/q_scaled`, [headsOf(`${p}/q`), 'qscale']);
    const kT = node('Transpose', `${p}/k_t`, [headsOf(`${p}/k`)], { perm: { ints: [0, 2, 1] } });
    const scores = node('MatMul', `${p}/scores`, [q, kT]);
    const attention = node('Softmax', `${p}/attention`, [scores], { axis: { i: -1 } });
    const mixed = node('MatMul', `${p}/mixed`, [attention, headsOf(`${p}/v`)]);
    const back = node('Transpose', `${p}/mixed_seq`, [mixed], { perm: { ints: [1, 0, 2] } });
    const merged = node('Reshape', `${p}/merged`, [back, ints(`${p}/merge_shape`, [0, -1, dim])]);
    const mid = node('Add', `${p}_mid`, [linear(`${p}/out_proj`, merged, dim, dim), x]);
    const hidden = linear(`${p}/mlp_1`, layerNorm(`${p}/ln_2`, mid), dim, mlp);
    const erf = node('Erf', `${p}/erf`, [node('Div', `${p}/scaled_in`, [hidden, 'sqrt2'])]);
    const gelu = node('Mul', `${p}/gelu`, [
      node('Mul', `${p}/half_x`, [hidden, 'half']),
      node('Add', `${p}/one_plus`, [erf, 'one']),
    ]);
    x = node('Add', b === blocks - 1 ? 'encoded' : `b${b + 1}_in`, [
      linear(`${p}/mlp_2`, gelu, mlp, dim),
      mid,
    ]);
  }
  const final = layerNorm('ln', x);
  const classToken = node('Gather', 'class_token_out', [final, ints('first', [0])], { axis: { i: 0 } });
  const pooled = node('Reshape', 'pooled', [classToken, ints('pooled_shape', [-1, dim])]);
  nodes.push({
    op: 'Gemm',
    name: 'head',
    inputs: [
      pooled,
      param('head.weight', [classes, dim], 2 / Math.sqrt(dim)),
      param('head.bias', [classes], 0.1),
    ],
    outputs: ['y'],
    attrs: { transB: { i: 1 } },
  });
  return encodeModel({
    opset: 13,
    nodes,
    inputs: [{ name: 'x', shape: ['batch', 3, image, image] }],
    outputs: [{ name: 'y', shape: ['batch', classes] }],
    initializers: inits,
  });
}
