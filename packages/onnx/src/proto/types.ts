/** The parsed form of an ONNX model: what the executor needs, in plain TypeScript objects. */

/** TensorProto.DataType, by name. */
export type OnnxDataType =
  | 'float32'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'string'
  | 'bool'
  | 'float16'
  | 'float64'
  | 'uint32'
  | 'uint64'
  | 'complex64'
  | 'complex128'
  | 'bfloat16'
  | 'undefined';

/** Element storage per data type: 64-bit integers stay exact as bigints. */
export type OnnxTensorData =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | string[];

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: OnnxDataType;
  /** Row-major elements; float16/bfloat16 are widened to float32 when decoded. */
  data: OnnxTensorData;
}

/** One dimension of a declared shape: a size, a symbolic name (`batch`), or unknown. */
export type OnnxDim = number | string | null;

export interface OnnxValueInfo {
  name: string;
  /** Element type of a tensor value; undefined for sequences, maps and untyped values. */
  dataType?: OnnxDataType;
  /** Declared shape; undefined when the model does not say. */
  shape?: OnnxDim[];
  /** Set when the value is declared as something other than a tensor (the importer runs tensors only). */
  kind?: 'sequence' | 'map' | 'optional' | 'sparse tensor';
}

export type OnnxAttribute =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: OnnxTensor }
  | { type: 'graph'; value: OnnxGraph }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: number[] }
  | { type: 'strings'; value: string[] }
  | { type: 'tensors'; value: OnnxTensor[] }
  | { type: 'graphs'; value: OnnxGraph[] }
  | { type: 'unsupported'; value: string };

export interface OnnxNode {
  /** May be empty in the file; the parser names such nodes `<op_type>_<index>`. */
  name: string;
  opType: string;
  /** '' (the default) or 'ai.onnx' for standard operators. */
  domain: string;
  /** Tensor names; '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  /** Every declared input, including initializers that older exporters also list as inputs. */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Shapes of intermediate tensors, when the exporter ran shape inference. */
  valueInfo: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  /** Operator set version per domain ('' is the default ai.onnx domain). */
  opsetImports: Record<string, number>;
  graph: OnnxGraph;
  /** `metadata_props`: free key/value strings exporters add (class names, authors, licences). */
  metadataProps?: Record<string, string>;
}
