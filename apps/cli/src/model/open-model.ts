import { GradcamError } from '@gradcam/core';
import { imageLayout, loadOnnxFile } from '@gradcam/onnx';
import { type LoadedModel, loadModel } from '@gradcam/tfjs';
import { type AdapterOptions, adapterFor, type ModelAdapters } from './adapter-for';
import { withBodyExecution } from './body-execution';
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
    const exec = await loadOnnxFile(source, options.execution === 'tfjs' ? { execution: 'tfjs' } : {});
    try {
      const inputShape = measuredInputShape(
        exec.inputs,
        imageLayout(exec.inputs[0]?.shape),
        options.preprocessing,
      );
      const adapters = onnxAdapters(exec, options.layers, options.output, inputShape);
      if (options.execution === 'onnxruntime' && adapters.layers.some((l) => l.execution !== 'onnxruntime')) {
        throw new GradcamError(
          '--execution onnxruntime: onnxruntime-node is not installed here (pnpm add onnxruntime-node), or --execution auto',
        );
      }
      return check(adapters, 'onnx', () => exec.dispose());
    } catch (error) {
      exec.dispose();
      throw error;
    }
  }
  const loaded = await loadModel(source);
  let release = () => {};
  try {
    // A GraphModel runs once when cut, so open dimensions need values; a LayersModel takes any size.
    const inputShape =
      loaded.kind === 'graph'
        ? measuredInputShape(loaded.model.inputs, 'NHWC', options.preprocessing)
        : undefined;
    const adapters = await withBodyExecution(
      adapterFor(loaded, { ...options, inputShape }),
      options.execution,
    );
    release = adapters.release;
    return check(adapters, loaded.kind, () => {
      release();
      loaded.model.dispose();
    });
  } catch (error) {
    release();
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
