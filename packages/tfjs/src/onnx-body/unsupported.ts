/**
 * Thrown while exporting a body when a layer or node has no exact ONNX form here. It never reaches
 * the user as an error: the adapter keeps its TF.js body and reports `reason`, so that a model is
 * either run on onnxruntime as TF.js would run it, or not at all.
 */
export class UnsupportedInBody extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function unsupported(reason: string): never {
  throw new UnsupportedInBody(reason);
}
