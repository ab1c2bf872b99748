import { loadOnnxFile } from '@gradcam/onnx';
import { type LoadedModel, loadModel } from '@gradcam/tfjs';
import { type AdapterOptions, adapterFor, type ModelAdapters } from './adapter-for';
import { assertClassScores, type ImageInputSpec, imageInputSpec } from './input-spec';
import { isOnnxPath, onnxAdapters } from './onnx-model';
import { measuredInputShape } from './open-input-shape';
import { type PreprocessingOptions, withPreprocessing } from './preprocessing';

/** A loaded model, cut for explaining, with the image size it takes. */
export interface OpenModel extends ModelAdapters {
  source: string;
  kind: LoadedModel['kind'] | 'onnx';
  input: ImageInputSpec;
  /** Frees the weights. */
  dispose(): void;
}

/**
 * Loads and checks a model for `gradcam explain`: a TF.js model, or an `.onnx` file (its body on
 * onnxruntime-node when that is installed). Every way it can fail here (missing shard, unknown
 * layer, an input that is no RGB image) fails before the first image is read.
 */
export async function openModel(
  source: string,
  options: AdapterOptions & { preprocessing?: PreprocessingOptions },
): Promise<OpenModel> {
  const check = (adapters: ModelAdapters, kind: OpenModel['kind'], dispose: () => void) =>
    withChecks(adapters, source, kind, dispose, options.preprocessing ?? {});
  if (isOnnxPath(source)) {
    const exec = await loadOnnxFile(source);
    try {
      const inputShape = measuredInputShape(exec.inputs, 'NCHW', options.preprocessing);
      return check(onnxAdapters(exec, options.layers, options.output, inputShape), 'onnx', () =>
        exec.dispose(),
      );
    } catch (error) {
      exec.dispose();
      throw error;
    }
  }
  const loaded = await loadModel(source);
  try {
    // A GraphModel runs once when cut, so open dimensions need values; a LayersModel takes any size.
    const inputShape =
      loaded.kind === 'graph'
        ? measuredInputShape(loaded.model.inputs, 'NHWC', options.preprocessing)
        : undefined;
    return check(adapterFor(loaded, { ...options, inputShape }), loaded.kind, () => loaded.model.dispose());
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
}

function withChecks(
  adapters: ModelAdapters,
  source: string,
  kind: OpenModel['kind'],
  dispose: () => void,
  preprocessing: PreprocessingOptions,
): OpenModel {
  const declared = adapters.inputs.length === 1 ? adapters.inputs[0].shape : undefined;
  const input = withPreprocessing(imageInputSpec(adapters.inputs), declared, preprocessing);
  assertClassScores(adapters.outputShape);
  return { ...adapters, source, kind, input, dispose };
}
