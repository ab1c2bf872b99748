import type { OnnxDataType } from './types';

/** TensorProto.DataType codes, in the order of onnx.proto. */
const BY_CODE: OnnxDataType[] = [
  'undefined',
  'float32',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'float64',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
];

/** The type of a TensorProto.DataType code, or undefined for codes this importer does not know. */
export function dataTypeOfCode(code: number): OnnxDataType | undefined {
  return BY_CODE[code];
}

export function dataTypeFromCode(code: number): OnnxDataType {
  const name = dataTypeOfCode(code);
  if (name === undefined)
    throw new Error(`unsupported ONNX tensor data type ${code} (float8/int4 types are not)`);
  return name;
}

export function dataTypeCode(type: OnnxDataType): number {
  return BY_CODE.indexOf(type);
}

/** Bytes per element in raw_data (and in external data files). */
export const BYTES_PER_ELEMENT: Partial<Record<OnnxDataType, number>> = {
  float32: 4,
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  int32: 4,
  int64: 8,
  bool: 1,
  float16: 2,
  float64: 8,
  uint32: 4,
  uint64: 8,
  bfloat16: 2,
};
