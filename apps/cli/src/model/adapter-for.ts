import type { ExplainableModel } from '@gradcam/core';
import {
  graphModelAdapter,
  graphModelAdapters,
  type LoadedModel,
  layersModelAdapter,
  layersModelAdapters,
  listGraphNodes,
  listLayers,
} from '@gradcam/tfjs';
import type * as tf from '@tensorflow/tfjs-core';
import type { Execution } from './body-execution';
import type { ModelInputInfo } from './input-spec';
import { measuredInputShape } from './open-input-shape';
import type { PreprocessingOptions } from './preprocessing';

export interface AdapterOptions {
  /** Layers to explain; several give maps averaged over them; none: the adapter's default. */
  layers: readonly string[];
  /** The model output to score, by name (default: its only or first output). */
  output?: string;
  /** Where a TF.js model's body runs (default auto: onnxruntime when it can). */
  execution?: Execution;
  /** A GraphModel's input shape to measure it at, when it leaves dimensions open (NHWC). */
  inputShape?: number[];
}

/** An explained layer as reports show it. */
export interface ExplainedLayer {
  name: string;
  /** `named`, or how the default was picked. */
  choice: string;
  shape: readonly (number | null)[];
  /** Where the body up to this layer runs, and why not on onnxruntime when it does not. */
  execution?: 'onnxruntime' | 'tfjs';
  executionReason?: string;
}

/** Everything the CLI needs from a model, whatever its kind. */
export interface ModelAdapters {
  /**
   * One adapter per explained layer, for `explain()`. Their input types differ (a LayersModel
   * adapter also takes lists and records of tensors); the CLI always feeds one NHWC image batch.
   */
  adapters: ExplainableModel<any, any, any>[];
  layers: ExplainedLayer[];
  /** The scored output of the whole model (logits when a softmax was looked through). */
  predict(input: tf.Tensor4D): tf.Tensor;
  scoresLogits: boolean;
  inputs: ModelInputInfo[];
  /** The scored output's shape, when the model declares it. */
  outputShape?: readonly (number | null)[];
}

/** A row of `gradcam layers`. */
export interface LayerRow {
  name: string;
  type: string;
  shape: readonly (number | null)[];
  explainable: boolean;
  isDefault: boolean;
  /** On the default row: why it is the default. */
  defaultReason?: string;
}

/** Cuts the loaded model at the requested layers (or its default one). */
export function adapterFor(loaded: LoadedModel, options: AdapterOptions): ModelAdapters {
  if (loaded.kind === 'graph') return graphAdapters(loaded.model, options);
  const { model } = loaded;
  const names = [...new Set(options.layers)];
  const { output } = options;
  const adapters =
    names.length > 0
      ? layersModelAdapters(model, names, { output })
      : [layersModelAdapter(model, { output })];
  const [first] = adapters;
  return {
    adapters,
    layers: adapters.map((a) => ({ name: a.layer, choice: a.layerChoice, shape: a.layerShape })),
    predict: (input) => first.predict(input),
    scoresLogits: first.scoresLogits,
    inputs: model.inputs.map((i) => ({ name: i.name, shape: i.shape })),
    outputShape: (
      model.outputs.find((o) => o.sourceLayer.name === output || o.name === output) ?? model.outputs[0]
    )?.shape,
  };
}

/** The model's layers for `gradcam layers`, explainable ones and the default marked. */
export function layerRowsFor(
  loaded: LoadedModel,
  output?: string,
  shape: PreprocessingOptions = {},
): LayerRow[] {
  if (loaded.kind === 'graph') {
    const inputShape = measuredInputShape(loaded.model.inputs, 'NHWC', shape);
    return listGraphNodes(loaded.model, { output, inputShape }).map((n) => ({
      name: n.name,
      type: n.op,
      shape: n.shape ?? [],
      explainable: n.explainable,
      isDefault: n.isDefault,
      ...(n.defaultReason ? { defaultReason: n.defaultReason } : {}),
    }));
  }
  return listLayers(loaded.model, { output }).map((l) => ({
    name: l.name,
    type: l.className,
    shape: l.shape,
    explainable: l.explainable,
    isDefault: l.isDefault,
    ...(l.defaultReason ? { defaultReason: l.defaultReason } : {}),
  }));
}

type GraphModel = Extract<LoadedModel, { kind: 'graph' }>['model'];

function graphAdapters(model: GraphModel, options: AdapterOptions): ModelAdapters {
  const names = [...new Set(options.layers)];
  const { output, inputShape } = options;
  const adapters =
    names.length > 0
      ? graphModelAdapters(model, names, { output, inputShape })
      : [graphModelAdapter(model, { output, inputShape })];
  const [first] = adapters;
  return {
    adapters,
    layers: adapters.map((a) => ({ name: a.node, choice: a.nodeChoice, shape: a.nodeShape })),
    predict: (input) => first.predict(input),
    scoresLogits: first.scoresLogits,
    inputs: model.inputs.map((i) => ({ name: i.name, shape: i.shape ?? [] })),
    // A named tensor inside the graph has no declared shape: the scores are checked when they run.
    outputShape: output === undefined ? model.outputs[0]?.shape : undefined,
  };
}
