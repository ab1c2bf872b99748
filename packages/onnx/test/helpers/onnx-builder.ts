import type { OnnxDataType } from '../../src/proto/types';
import { ProtoWriter } from './proto-writer';

/** Tiny ONNX models written as real protobuf bytes, so that tests go through the parser too. */

const TYPE_CODES: Partial<Record<OnnxDataType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
};

export interface TensorSpec {
  name?: string;
  dims: number[];
  type?: OnnxDataType;
  data: ArrayLike<number> | bigint[];
  /** raw_data (default), the typed repeated fields, or an external file. */
  encoding?: 'raw' | 'fields' | 'external';
  external?: { location: string; offset?: number; length?: number };
}

export type AttrSpec =
  | { i: number }
  | { f: number }
  | { s: string }
  | { ints: number[] }
  | { floats: number[] }
  | { strings: string[] }
  | { t: TensorSpec };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attrs?: Record<string, AttrSpec>;
}

export interface ValueInfoSpec {
  name: string;
  type?: OnnxDataType;
  shape?: (number | string)[];
}

export interface ModelSpec {
  nodes: NodeSpec[];
  inputs: ValueInfoSpec[];
  outputs: ValueInfoSpec[];
  initializers?: TensorSpec[];
  opset?: number;
  irVersion?: number;
}

export function encodeModel(spec: ModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, spec.irVersion ?? 8);
  w.string(2, 'gradcam-test');
  w.message(7, (g) => writeGraph(g, spec));
  w.message(8, (o) => o.string(1, '').varint(2, spec.opset ?? 13));
  return w.finish();
}

function writeGraph(g: ProtoWriter, spec: ModelSpec): void {
  spec.nodes.forEach((n) => {
    g.message(1, (w) => writeNode(w, n));
  });
  g.string(2, 'test-graph');
  for (const t of spec.initializers ?? []) g.message(5, (w) => writeTensor(w, t));
  for (const i of spec.inputs) g.message(11, (w) => writeValueInfo(w, i));
  for (const o of spec.outputs) g.message(12, (w) => writeValueInfo(w, o));
}

function writeNode(w: ProtoWriter, n: NodeSpec): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.op);
  for (const [name, a] of Object.entries(n.attrs ?? {})) w.message(5, (x) => writeAttribute(x, name, a));
  if (n.domain) w.string(7, n.domain);
}

function writeAttribute(w: ProtoWriter, name: string, a: AttrSpec): void {
  w.string(1, name);
  if ('i' in a) w.varint(20, 2).varint(3, a.i);
  else if ('f' in a) w.varint(20, 1).float(2, a.f);
  else if ('s' in a) w.varint(20, 3).string(4, a.s);
  else if ('ints' in a) w.varint(20, 7).packedVarints(8, a.ints);
  else if ('floats' in a) w.varint(20, 6).packedFloats(7, a.floats);
  else if ('strings' in a) {
    w.varint(20, 8);
    for (const s of a.strings) w.string(9, s);
  } else w.varint(20, 4).message(5, (t) => writeTensor(t, a.t));
}

export function writeTensor(w: ProtoWriter, t: TensorSpec): void {
  const type = t.type ?? 'float32';
  w.packedVarints(1, t.dims);
  w.varint(2, TYPE_CODES[type]!);
  if (t.name) w.string(8, t.name);
  const encoding = t.encoding ?? 'raw';
  if (encoding === 'raw') {
    w.bytes(9, rawBytes(t));
  } else if (encoding === 'external') {
    const e = t.external!;
    w.message(13, (x) => x.string(1, 'location').string(2, e.location));
    if (e.offset !== undefined) w.message(13, (x) => x.string(1, 'offset').string(2, String(e.offset)));
    if (e.length !== undefined) w.message(13, (x) => x.string(1, 'length').string(2, String(e.length)));
    w.varint(14, 1);
  } else {
    const values = Array.from(t.data as ArrayLike<number | bigint>);
    if (type === 'float32') w.packedFloats(4, values as number[]);
    else if (type === 'float64') w.packedDoubles(10, values as number[]);
    else if (type === 'int64') w.packedVarints(7, values);
    else if (type === 'float16') w.packedVarints(5, (values as number[]).map(toHalf));
    else w.packedVarints(5, values);
  }
}

/** Little-endian element bytes, as raw_data and external files hold them. */
export function rawBytes(t: TensorSpec): Uint8Array {
  const type = t.type ?? 'float32';
  const values = Array.from(t.data as ArrayLike<number | bigint>);
  switch (type) {
    case 'float32':
      return new Uint8Array(new Float32Array(values as number[]).buffer);
    case 'float64':
      return new Uint8Array(new Float64Array(values as number[]).buffer);
    case 'int32':
      return new Uint8Array(new Int32Array(values as number[]).buffer);
    case 'int64':
      return new Uint8Array(new BigInt64Array(values.map((v) => BigInt(v))).buffer);
    case 'float16':
      return new Uint8Array(new Uint16Array((values as number[]).map(toHalf)).buffer);
    case 'int8':
      return new Uint8Array(new Int8Array(values as number[]).buffer);
    default:
      return Uint8Array.from(values as number[]);
  }
}

function writeValueInfo(w: ProtoWriter, v: ValueInfoSpec): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.varint(1, TYPE_CODES[v.type ?? 'float32']!);
      if (v.shape) {
        tensor.message(2, (shape) => {
          for (const d of v.shape!) {
            shape.message(1, (dim) => (typeof d === 'number' ? dim.varint(1, d) : dim.string(2, d)));
          }
        });
      }
    }),
  );
}

/** float32 to IEEE half bits, for values that half represents exactly (tests use such values). */
function toHalf(v: number): number {
  if (v === 0) return Object.is(v, -0) ? 0x8000 : 0;
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  if (e < -14) return sign | Math.round(a / 2 ** -24);
  const fraction = Math.round((a / 2 ** e - 1) * 1024);
  return sign | ((e + 15) << 10) | fraction;
}

/** A model of one node whose inputs are all graph inputs (or initializers) and whose outputs are graph outputs. */
export function singleNodeModel(
  op: string,
  inputs: { name: string; shape: number[]; type?: OnnxDataType; init?: TensorSpec['data'] }[],
  attrs: Record<string, AttrSpec> = {},
  { outputs = ['y'], opset = 13 }: { outputs?: string[]; opset?: number } = {},
): Uint8Array {
  return encodeModel({
    opset,
    nodes: [{ op, inputs: inputs.map((i) => i.name), outputs, attrs, name: `${op}_node` }],
    inputs: inputs
      .filter((i) => !i.init && i.name !== '')
      .map((i) => ({ name: i.name, type: i.type, shape: i.shape })),
    initializers: inputs
      .filter((i) => i.init && i.name !== '')
      .map((i) => ({ name: i.name, dims: i.shape, type: i.type, data: i.init! })),
    outputs: outputs.map((name) => ({ name })),
  });
}
