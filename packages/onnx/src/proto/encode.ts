import { dataTypeCode } from './data-type';
import { float32ToBfloat16, float32ToHalf } from './half';
import type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './types';
import { ProtoWriter } from './writer';

/**
 * The typed model back to `.onnx` bytes (a serialized ModelProto, field numbers of onnx.proto), so
 * that models built or edited in TypeScript can be handed to onnxruntime or saved. Every tensor is
 * written inline as raw_data (external data is not written back); float16 and bfloat16 tensors,
 * widened to float32 when decoded, are narrowed again (exactly, for values that came from a file).
 */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, model.irVersion || 8);
  if (model.producerName) w.string(2, model.producerName);
  if (model.producerVersion) w.string(3, model.producerVersion);
  w.message(7, (g) => writeGraph(g, model.graph));
  for (const [domain, version] of Object.entries(model.opsetImports)) {
    w.message(8, (o) => o.string(1, domain).varint(2, version));
  }
  for (const [key, value] of Object.entries(model.metadataProps ?? {})) {
    w.message(14, (m) => m.string(1, key).string(2, value));
  }
  return w.finish();
}

/**
 * `.onnx` bytes with more graph outputs, without decoding the model: a second occurrence of the
 * graph field is merged into the first by every protobuf parser (repeated fields append), so the
 * file's own bytes, external-data references and fields this package does not read stay as they
 * were. Names already among the outputs must not be given again.
 */
export function withExtraOutputs(bytes: Uint8Array, outputs: OnnxValueInfo[]): Uint8Array {
  const tail = new ProtoWriter()
    .message(7, (g) => {
      for (const o of outputs) g.message(12, (v) => writeValueInfo(v, o));
    })
    .finish();
  // One allocation of the exact size: through the growing writer, a 97 MiB model cost a 128 MiB
  // buffer and a 97 MiB slice of it at once, the peak of split execution's memory.
  const out = new Uint8Array(bytes.length + tail.length);
  out.set(bytes);
  out.set(tail, bytes.length);
  return out;
}

export function writeGraph(w: ProtoWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) w.message(1, (n) => writeNode(n, node));
  if (graph.name) w.string(2, graph.name);
  for (const t of graph.initializers) w.message(5, (x) => writeTensor(x, t));
  for (const v of graph.inputs) w.message(11, (x) => writeValueInfo(x, v));
  for (const v of graph.outputs) w.message(12, (x) => writeValueInfo(x, v));
  for (const v of graph.valueInfo) w.message(13, (x) => writeValueInfo(x, v));
}

function writeNode(w: ProtoWriter, node: OnnxNode): void {
  for (const i of node.inputs) w.string(1, i);
  for (const o of node.outputs) w.string(2, o);
  if (node.name) w.string(3, node.name);
  w.string(4, node.opType);
  for (const [name, a] of Object.entries(node.attributes)) w.message(5, (x) => writeAttribute(x, name, a));
  if (node.domain) w.string(7, node.domain);
}

/** AttributeProto: the value's field and the `type` enum (field 20) that says which one is set. */
function writeAttribute(w: ProtoWriter, name: string, a: OnnxAttribute): void {
  w.string(1, name);
  switch (a.type) {
    case 'float':
      w.varint(20, 1).float(2, a.value);
      return;
    case 'int':
      w.varint(20, 2).varint(3, int64(a.value));
      return;
    case 'string':
      w.varint(20, 3).string(4, a.value);
      return;
    case 'tensor':
      w.varint(20, 4).message(5, (t) => writeTensor(t, a.value));
      return;
    case 'graph':
      w.varint(20, 5).message(6, (g) => writeGraph(g, a.value));
      return;
    case 'floats':
      w.varint(20, 6).packedFloats(7, a.value);
      return;
    case 'ints':
      w.varint(20, 7).packedVarints(8, a.value.map(int64));
      return;
    case 'strings':
      w.varint(20, 8);
      for (const s of a.value) w.string(9, s);
      return;
    case 'tensors':
      w.varint(20, 9);
      for (const t of a.value) w.message(10, (x) => writeTensor(x, t));
      return;
    case 'graphs':
      w.varint(20, 10);
      for (const g of a.value) w.message(11, (x) => writeGraph(x, g));
      return;
    default:
      throw new Error(`attribute '${name}' holds a kind of value that cannot be written (${a.value})`);
  }
}

/** int64 fields: parsed values beyond 2^53 (INT64_MAX as "to the end") clamp to the int64 range. */
function int64(v: number): number | bigint {
  if (Number.isSafeInteger(v)) return v;
  if (v >= 2 ** 63) return (1n << 63n) - 1n;
  if (v <= -(2 ** 63)) return -(1n << 63n);
  return BigInt(Math.trunc(v));
}

export function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  w.packedVarints(1, t.dims.map(int64));
  w.varint(2, dataTypeCode(t.dataType));
  if (t.name) w.string(8, t.name);
  if (t.dataType === 'string') {
    for (const s of t.data as string[]) w.string(6, s);
    return;
  }
  w.bytes(9, rawBytes(t));
}

/** Little-endian elements, as raw_data holds them (typed arrays are little-endian on every host we run on). */
function rawBytes(t: OnnxTensor): Uint8Array {
  const data = t.data as Exclude<OnnxTensor['data'], string[]>;
  if (t.dataType === 'float16') return asBytes(float32ToHalf(data as Float32Array));
  if (t.dataType === 'bfloat16') return asBytes(float32ToBfloat16(data as Float32Array));
  return asBytes(data);
}

function asBytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** ValueInfoProto with a tensor type: elem_type, and the shape when it is known. */
export function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  if (v.dataType === undefined) return;
  const code = dataTypeCode(v.dataType);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.varint(1, code);
      if (!v.shape) return;
      tensor.message(2, (shape) => {
        for (const d of v.shape!) {
          shape.message(1, (dim) => {
            if (typeof d === 'number') dim.varint(1, d);
            else if (typeof d === 'string') dim.string(2, d);
          });
        }
      });
    }),
  );
}
