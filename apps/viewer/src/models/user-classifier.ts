import type { Normalization } from '@gradcam/render';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import type { ImageClassifier } from './image-model';

interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: { paths: string[] }[];
}

const base = (path: string) => path.split('/').pop() ?? path;

async function readModelJson(file: File): Promise<ModelJson> {
  try {
    return JSON.parse(await file.text()) as ModelJson;
  } catch (error) {
    throw new Error(`${file.name} is not valid JSON (${(error as Error).message}); drop a TF.js model.json`);
  }
}

/** The model.json among the dropped files, its weight shards (all of them, or a clear error), and labels. */
async function sortFiles(files: File[]) {
  const jsons = files.filter((f) => f.name.endsWith('.json'));
  if (jsons.length !== 1)
    throw new Error(
      `drop exactly one model.json with its weight shards (.bin) and optionally a labels .txt; got ${jsons.length} .json files among ${files.map((f) => f.name).join(', ') || 'none'}`,
    );
  const json = await readModelJson(jsons[0]);
  if (json.format === 'graph-model' || (json.modelTopology && 'node' in (json.modelTopology as object)))
    throw new Error(
      `${jsons[0].name} is a TF.js GraphModel; the viewer explains LayersModels (tfjs.converters.save_keras_model, or tensorflowjs_converter --output_format tfjs_layers_model)`,
    );
  if (!json.modelTopology || !json.weightsManifest)
    throw new Error(`${jsons[0].name} has no modelTopology or weightsManifest: it is not a TF.js model.json`);
  const needed = json.weightsManifest.flatMap((group) => group.paths.map(base));
  const byName = new Map(files.map((f) => [f.name, f]));
  const missing = needed.filter((name) => !byName.has(name));
  if (missing.length > 0)
    throw new Error(
      `${jsons[0].name} needs the weight files ${needed.join(', ')}; missing: ${missing.join(', ')}. Select or drop them together with it`,
    );
  const labelsFile = files.find((f) => f.name.endsWith('.txt'));
  const labels = labelsFile
    ? (await labelsFile.text())
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : undefined;
  return { json: jsons[0], weights: needed.map((name) => byName.get(name)!), labels };
}

/** `[height, width]` of an NHWC RGB image input, or a clear error about what the model takes instead. */
function imageInputSize(model: LayersModel): [number, number] {
  if (model.inputs.length !== 1)
    throw new Error(
      `the model has ${model.inputs.length} inputs; the viewer explains models with one image input`,
    );
  const shape = model.inputs[0].shape;
  if (shape.length !== 4 || (shape[3] !== null && shape[3] !== 3))
    throw new Error(
      `the model's input has shape [${shape.map((d) => d ?? 'null').join(', ')}]; the viewer needs an NHWC RGB image, [null, height, width, 3]`,
    );
  return [shape[1] ?? 224, shape[2] ?? 224];
}

function lastActivation(model: LayersModel): string | undefined {
  const config = model.layers[model.layers.length - 1].getConfig() as { activation?: string };
  return config.activation;
}

/** A LayersModel dropped by the user (model.json + shards, optionally labels.txt), as a classifier to explain. */
export async function loadUserClassifier(
  files: File[],
  normalization: Normalization,
): Promise<ImageClassifier> {
  const { json, weights, labels } = await sortFiles(files);
  let model: LayersModel;
  try {
    model = await loadLayersModel(tf.io.browserFiles([json, ...weights]));
  } catch (error) {
    throw new Error(`cannot load ${json.name} as a TF.js LayersModel: ${(error as Error).message}`);
  }
  try {
    const inputSize = imageInputSize(model);
    const units = model.outputs[0].shape[model.outputs[0].shape.length - 1];
    if (typeof units !== 'number')
      throw new Error('the model output has no fixed number of classes (last dimension unknown)');
    if (labels && labels.length !== units)
      throw new Error(`the labels file has ${labels.length} lines but the model has ${units} outputs`);
    return {
      name: json.name,
      model,
      classes: labels ?? Array.from({ length: units }, (_, i) => `class ${i}`),
      inputSize,
      normalization,
      multiLabel: lastActivation(model) === 'sigmoid',
      top: Math.min(5, units),
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
