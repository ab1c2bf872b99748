/** The part of a model before its cut as an ONNX graph: bytes, and what its inputs and outputs are. */
export interface ExportedBody {
  bytes: Uint8Array;
  /** ONNX input names, with the position in the model's inputs that feeds each. */
  inputs: { name: string; index: number }[];
  /** ONNX output names: the cut first, then each tensor crossing the cut, in the adapter's order. */
  outputs: string[];
}
