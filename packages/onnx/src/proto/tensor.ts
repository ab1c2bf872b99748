import { BYTES_PER_ELEMENT, dataTypeFromCode } from './data-type';
import { bfloat16ToFloat32, halfToFloat32 } from './half';
import type { OnnxDataType, OnnxTensor, OnnxTensorData } from './types';
import { ProtoError, type ProtoReader } from './wire';

/**
 * Where the bytes of tensors stored outside the .onnx file come from: given the `location`
 * written in the model (a path relative to the model's directory), the whole file's bytes.
 */
export type ExternalDataResolver = (location: string) => Uint8Array;

export interface DecodeOptions {
  externalData?: ExternalDataResolver;
}

/** TensorProto, field by field (onnx.proto numbering). */
interface RawTensor {
  dims: number[];
  dataType: number;
  name: string;
  floatData: number[];
  int32Data: number[];
  int64Data: bigint[];
  doubleData: number[];
  uint64Data: bigint[];
  stringData: Uint8Array[];
  rawData?: Uint8Array;
  external: Record<string, string>;
  dataLocation: number;
}

export function decodeTensor(r: ProtoReader, options: DecodeOptions): OnnxTensor {
  const t: RawTensor = {
    dims: [],
    dataType: 0,
    name: '',
    floatData: [],
    int32Data: [],
    int64Data: [],
    doubleData: [],
    uint64Data: [],
    stringData: [],
    external: {},
    dataLocation: 0,
  };
  for (const [field, wire] of r.fields()) {
    switch (field) {
      case 1:
        r.repeated(wire, (x) => x.int64(), t.dims);
        break;
      case 2:
        t.dataType = r.int32();
        break;
      case 4:
        r.repeated(wire, (x) => x.float(), t.floatData);
        break;
      case 5:
        r.repeated(wire, (x) => x.int32(), t.int32Data);
        break;
      case 6:
        t.stringData.push(r.bytes());
        break;
      case 7:
        r.repeated(wire, (x) => x.bigint64(), t.int64Data);
        break;
      case 8:
        t.name = r.string();
        break;
      case 9:
        t.rawData = r.bytes();
        break;
      case 10:
        r.repeated(wire, (x) => x.double(), t.doubleData);
        break;
      case 11:
        r.repeated(wire, (x) => x.biguint64(), t.uint64Data);
        break;
      case 13: {
        const [key, value] = decodeStringPair(r.message());
        t.external[key] = value;
        break;
      }
      case 14:
        t.dataLocation = r.int32();
        break;
      default:
        r.skip(wire);
    }
  }
  const dataType = dataTypeFromCode(t.dataType);
  const size = t.dims.reduce((a, b) => a * b, 1);
  let data: OnnxTensorData;
  if (t.dataLocation === 1) {
    data = fromBytes(externalBytes(t, options), dataType, size, t.name);
  } else if (t.rawData !== undefined) {
    data = fromBytes(t.rawData, dataType, size, t.name);
  } else {
    data = fromFields(t, dataType);
  }
  if (data.length !== size) {
    throw new ProtoError(
      `tensor '${t.name}' has ${data.length} elements but its dims [${t.dims.join(', ')}] need ${size}`,
    );
  }
  return { name: t.name, dims: t.dims, dataType, data };
}

/** StringStringEntryProto (key 1, value 2): external-data entries and the model's metadata_props. */
export function decodeStringPair(r: ProtoReader): [string, string] {
  let key = '';
  let value = '';
  for (const [field, wire] of r.fields()) {
    if (field === 1) key = r.string();
    else if (field === 2) value = r.string();
    else r.skip(wire);
  }
  return [key, value];
}

function externalBytes(t: RawTensor, options: DecodeOptions): Uint8Array {
  const location = t.external.location;
  if (!location) throw new ProtoError(`tensor '${t.name}' is stored externally but names no location`);
  if (!options.externalData) {
    throw new ProtoError(
      `tensor '${t.name}' is stored in the external file '${location}': load the model from a file path, ` +
        'or pass externalData to read it',
    );
  }
  const file = options.externalData(location);
  const offset = Number(t.external.offset ?? 0);
  const length = t.external.length !== undefined ? Number(t.external.length) : file.length - offset;
  if (offset + length > file.length) {
    throw new ProtoError(
      `tensor '${t.name}': bytes ${offset}..${offset + length} lie outside '${location}' (${file.length} bytes)`,
    );
  }
  return file.subarray(offset, offset + length);
}

/** raw_data and external files: little-endian elements, packed; copied so that views are aligned. */
function fromBytes(bytes: Uint8Array, type: OnnxDataType, size: number, name: string): OnnxTensorData {
  const width = BYTES_PER_ELEMENT[type];
  if (width === undefined) throw new ProtoError(`tensor '${name}': ${type} cannot be stored as raw bytes`);
  if (bytes.length !== size * width) {
    throw new ProtoError(`tensor '${name}': ${bytes.length} bytes of ${type} for ${size} elements`);
  }
  // A copy, not bytes.slice(): on a Node Buffer slice() is a view, which may be unaligned.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const buffer = copy.buffer;
  switch (type) {
    case 'float32':
      return new Float32Array(buffer);
    case 'float64':
      return new Float64Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'int64':
      return new BigInt64Array(buffer);
    case 'uint64':
      return new BigUint64Array(buffer);
    case 'uint32':
      return new Uint32Array(buffer);
    case 'int16':
      return new Int16Array(buffer);
    case 'uint16':
      return new Uint16Array(buffer);
    case 'int8':
      return new Int8Array(buffer);
    case 'uint8':
    case 'bool':
      return new Uint8Array(buffer);
    case 'float16':
      return halfToFloat32(new Uint16Array(buffer));
    case 'bfloat16':
      return bfloat16ToFloat32(new Uint16Array(buffer));
    default:
      throw new ProtoError(`tensor '${name}': unsupported type ${type}`);
  }
}

/** The typed repeated fields: which one holds which type is fixed by onnx.proto. */
function fromFields(t: RawTensor, type: OnnxDataType): OnnxTensorData {
  switch (type) {
    case 'float32':
      return Float32Array.from(t.floatData);
    case 'float64':
      return Float64Array.from(t.doubleData);
    case 'int32':
      return Int32Array.from(t.int32Data);
    case 'int16':
      return Int16Array.from(t.int32Data);
    case 'uint16':
      return Uint16Array.from(t.int32Data);
    case 'int8':
      return Int8Array.from(t.int32Data);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(t.int32Data);
    case 'float16':
      return halfToFloat32(Uint16Array.from(t.int32Data));
    case 'bfloat16':
      return bfloat16ToFloat32(Uint16Array.from(t.int32Data));
    case 'int64':
      return BigInt64Array.from(t.int64Data);
    case 'uint32':
      return Uint32Array.from(t.uint64Data, (v) => Number(v));
    case 'uint64':
      return BigUint64Array.from(t.uint64Data);
    case 'string':
      return t.stringData.map((b) => new TextDecoder().decode(b));
    default:
      throw new ProtoError(`tensor '${t.name}': unsupported type ${type}`);
  }
}
