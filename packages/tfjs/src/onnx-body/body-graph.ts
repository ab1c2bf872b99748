import { OnnxGraphBuilder } from './onnx-graph-builder';
import { unsupported } from './unsupported';

/**
 * A tensor of the exported body. Every rank-4 tensor is held NCHW (ONNX's layout, so that Conv
 * and pooling run without a transpose each), every other tensor in TF.js's own layout; the body
 * transposes the image once on the way in and each 4-D output once on the way out.
 */
export interface Value {
  name: string;
  rank: number;
}

/** A constant operand in TF.js layout and shape. */
export interface Constant {
  data: Float32Array;
  shape: number[];
}

export const TO_NCHW = [0, 3, 1, 2];
export const TO_NHWC = [0, 2, 3, 1];

/** An NHWC axis (negative counts from the end) as the axis of the NCHW tensor that holds it. */
export function nchwAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (rank !== 4) return a;
  return [0, 2, 3, 1][a];
}

/** TF.js-layout data of `shape` (rank <= 4, broadcast from the right) as a [1|n, c, h, w] array. */
export function constantAsNchw(c: Constant): Constant {
  if (c.shape.length > 4) unsupported(`a constant of rank ${c.shape.length} beside a 4-D tensor`);
  const [n, h, w, ch] = [...Array(4 - c.shape.length).fill(1), ...c.shape] as number[];
  const out = new Float32Array(c.data.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < ch; k++)
          out[((b * ch + k) * h + y) * w + x] = c.data[((b * h + y) * w + x) * ch + k];
  return { data: out, shape: [n, ch, h, w] };
}

export class BodyGraph {
  readonly b = new OnnxGraphBuilder();

  /** A graph input, fed in TF.js layout (`[batch, h, w, c]` for images). */
  input(name: string, shape: (number | null)[]): Value {
    this.b.input(
      name,
      shape.map((d, i) => (i === 0 ? 'batch' : d)),
    );
    if (shape.length !== 4) return { name, rank: shape.length };
    return { name: this.b.node('Transpose', [name], { perm: TO_NCHW }, `${name}/nchw`), rank: 4 };
  }

  /** Declares `v` an output, in TF.js layout; returns its name. */
  output(v: Value, hint: string): string {
    const name =
      v.rank === 4
        ? this.b.node('Transpose', [v.name], { perm: TO_NHWC }, `${hint}/nhwc`)
        : this.b.node('Identity', [v.name], {}, hint);
    this.b.output(name);
    return name;
  }

  /** `v`'s name as a tensor in TF.js layout (4-D tensors are transposed back). */
  tfLayout(v: Value): string {
    return v.rank === 4 ? this.b.node('Transpose', [v.name], { perm: TO_NHWC }, 'nhwc') : v.name;
  }

  /** A TF.js-layout tensor of rank `rank` as a Value. */
  fromTfLayout(name: string, rank: number): Value {
    return rank === 4
      ? { name: this.b.node('Transpose', [name], { perm: TO_NCHW }, 'nchw'), rank }
      : { name, rank };
  }

  constant(c: Constant, besideRank: number): Value {
    const rank = Math.max(c.shape.length, besideRank);
    if (rank === 4) {
      const nchw = constantAsNchw(c);
      return { name: this.b.floats(nchw.shape, nchw.data), rank: 4 };
    }
    return { name: this.b.floats(c.shape, c.data), rank: c.shape.length };
  }

  /** `v` with leading axes added up to rank 4 (TF broadcasting), as NCHW. */
  toRank4(v: Value): Value {
    if (v.rank === 4) return v;
    const axes = Array.from({ length: 4 - v.rank }, (_, i) => i);
    const expanded = this.b.node('Unsqueeze', [v.name, this.b.int64s(axes, 'axes')]);
    return this.fromTfLayout(expanded, 4);
  }

  /** Elementwise ops with TF broadcasting: operands are brought to the larger rank's layout. */
  binary(op: 'Add' | 'Sub' | 'Mul' | 'Div' | 'Max' | 'Min', a: Value | Constant, c: Value | Constant): Value {
    const rankOf = (x: Value | Constant) => ('rank' in x ? x.rank : x.shape.length);
    const rank = Math.max(rankOf(a), rankOf(c));
    const operand = (x: Value | Constant): Value => {
      if (!('rank' in x)) return this.constant(x, rank);
      return rank === 4 ? this.toRank4(x) : x;
    };
    return { name: this.b.node(op, [operand(a).name, operand(c).name]), rank };
  }

  unary(op: string, v: Value, attributes: Parameters<OnnxGraphBuilder['node']>[2] = {}): Value {
    return { name: this.b.node(op, [v.name], attributes), rank: v.rank };
  }

  encode(): Uint8Array {
    return this.b.encode();
  }
}
