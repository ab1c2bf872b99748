import { GradcamError } from '@gradcam/core';
import { loadOnnxFile } from '@gradcam/onnx';
import { type LoadedModel, loadModel } from '@gradcam/tfjs';
import { type AdapterOptions, adapterFor, type ModelAdapters } from './adapter-for';
import { withBodyExecution } from './body-execution';
import { assertClassScores, type ImageInputSpec, imageInputSpec } from './input-spec';
import { isOnnxPath, onnxAdapters } from './onnx-model';

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
export async function openModel(source: string, options: AdapterOptions): Promise<OpenModel> {
  if (isOnnxPath(source)) {
    const exec = await loadOnnxFile(source, options.execution === 'tfjs' ? { execution: 'tfjs' } : {});
    try {
      const adapters = onnxAdapters(exec, options.layers, options.output);
      if (options.execution === 'onnxruntime' && adapters.layers.some((l) => l.execution !== 'onnxruntime')) {
        throw new GradcamError(
          '--execution onnxruntime: onnxruntime-node is not installed here (pnpm add onnxruntime-node), or --execution auto',
        );
      }
      return withChecks(adapters, source, 'onnx', () => exec.dispose());
    } catch (error) {
      exec.dispose();
      throw error;
    }
  }
  const loaded = await loadModel(source);
  let release = () => {};
  try {
    const adapters = await withBodyExecution(adapterFor(loaded, options), options.execution);
    release = adapters.release;
    return withChecks(adapters, source, loaded.kind, () => {
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
): OpenModel {
  const input = imageInputSpec(adapters.inputs);
  assertClassScores(adapters.outputShape);
  return { ...adapters, source, kind, input, dispose };
}
