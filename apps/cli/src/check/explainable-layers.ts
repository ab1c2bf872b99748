import { loadModel } from '@gradcam/tfjs';
import { layerRowsFor } from '../model/adapter-for';
import { isOnnxPath, onnxLayerRows } from '../model/onnx-model';
import type { PreprocessingOptions } from '../model/preprocessing';

/** Every layer (ONNX tensor) `gradcam layers` marks explainable, in model order. */
export async function explainableLayers(
  source: string,
  output?: string,
  shape: PreprocessingOptions = {},
): Promise<string[]> {
  if (isOnnxPath(source))
    return (await onnxLayerRows(source, output, shape)).filter((r) => r.explainable).map((r) => r.name);
  const loaded = await loadModel(source);
  try {
    return layerRowsFor(loaded, output, shape)
      .filter((r) => r.explainable)
      .map((r) => r.name);
  } finally {
    loaded.model.dispose();
  }
}
