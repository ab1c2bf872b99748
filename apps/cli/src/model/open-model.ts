import { type LoadedModel, loadModel } from '@gradcam/tfjs';
import { type AdapterOptions, adapterFor, type ModelAdapters } from './adapter-for';
import { assertClassScores, type ImageInputSpec, imageInputSpec } from './input-spec';

/** A loaded model, cut for explaining, with the image size it takes. */
export interface OpenModel extends ModelAdapters {
  source: string;
  kind: LoadedModel['kind'];
  input: ImageInputSpec;
  /** Frees the weights. */
  dispose(): void;
}

/**
 * Loads and checks a model for `gradcam explain`. Every way it can fail here (missing shard,
 * unknown layer, an input that is no RGB image) fails before the first image is read.
 */
export async function openModel(source: string, options: AdapterOptions): Promise<OpenModel> {
  const loaded = await loadModel(source);
  try {
    const adapters = adapterFor(loaded, options);
    const input = imageInputSpec(adapters.inputs);
    assertClassScores(adapters.outputShape);
    return { ...adapters, source, kind: loaded.kind, input, dispose: () => loaded.model.dispose() };
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
}
