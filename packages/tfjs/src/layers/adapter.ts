import { type ExplainableModel, GradcamError, withGuidedRelu } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { registerBody } from '../onnx-body/body-spec';
import { crossingTensors, findLayer } from './cut';
import { defaultLayer } from './default-cut';
import { buildGraphView, evaluate, type TensorRef } from './graph-view';
import { imageInputIndex, inputList, type LayersInput } from './model-input';
import { preSoftmaxOutput } from './pre-softmax';

export interface LayersAdapterOptions {
  /** Layer to explain (`outer/inner` inside a nested model); default: the last 4-D spatial layer. */
  layer?: string;
  /** Which model output to score, by layer name or index (default the first). */
  output?: string | number;
  /** Differentiate the softmax probability instead of the logit before it (default false). */
  probabilities?: boolean;
}

export type LayersContext = Record<string, tf.Tensor>;

export interface LayersAdapter extends ExplainableModel<LayersInput, LayersContext, tf.Tensor> {
  /** How the layer was chosen, for the user: `named`, or `default: ` and why. */
  readonly layerChoice: string;
  readonly layerShape: (number | null)[];
  /** True when the model's softmax was taken off so that logits are scored. */
  readonly scoresLogits: boolean;
  /** Tensors fed to the head besides the cut (skip connections around it). */
  readonly crossing: string[];
  /** The scored output of the whole model on an input (for checks and top-k). */
  predict(input: LayersInput): tf.Tensor;
}

/** The output to score: by index, or by its layer's or tensor's name (default the first). */
export function pickOutput(
  model: LayersModel,
  outputs: TensorRef[],
  which: string | number | undefined,
): TensorRef {
  if (which === undefined) return outputs[0];
  const index =
    typeof which === 'number'
      ? which
      : model.outputs.findIndex((o) => o.sourceLayer.name === which || o.name === which);
  if (index < 0 || index >= outputs.length) {
    throw new GradcamError(
      `unknown output '${which}'; the model's outputs are: ${model.outputs.map((o) => o.sourceLayer.name).join(', ')}`,
    );
  }
  return outputs[index];
}

/** Cuts a LayersModel of any shape at one layer into the engine's body and head. */
export function layersModelAdapter(model: LayersModel, options: LayersAdapterOptions = {}): LayersAdapter {
  const view = buildGraphView(model);
  const rawOutput = pickOutput(model, view.outputs, options.output);
  const scored = options.probabilities
    ? { ref: rawOutput, run: <T>(f: () => T) => f(), stripped: false }
    : preSoftmaxOutput(rawOutput);
  const chosen: { ref: TensorRef; reason?: string } = options.layer
    ? { ref: findLayer(view, scored.ref, options.layer) }
    : defaultLayer(view, scored.ref);
  const cut = chosen.ref;
  const crossing = crossingTensors(scored.ref, cut);
  const imageIndex = imageInputIndex(model);

  const feedInputs = (inputs: tf.Tensor[]) => new Map(view.inputs.map((ref, i) => [ref.key, inputs[i]]));
  const runWhole = (inputs: tf.Tensor[]) => scored.run(() => evaluate(scored.ref, feedInputs(inputs)));

  const adapter: LayersAdapter = {
    layer: cut.name,
    layerChoice: chosen.reason ? `default: ${chosen.reason}` : 'named',
    layerShape: cut.shape,
    scoresLogits: scored.stripped,
    crossing: crossing.map((r) => r.name),
    inputSize: (input) => {
      const image = inputList(model, input)[imageIndex];
      return [image.shape[1], image.shape[2]] as [number, number];
    },
    body: (input) =>
      tf.tidy(() => {
        const values = feedInputs(inputList(model, input));
        const activations = evaluate(cut, values) as tf.Tensor4D;
        // Clones: a crossing tensor may be the caller's own input, and the engine disposes context.
        const context = Object.fromEntries(crossing.map((r) => [r.key, evaluate(r, values).clone()]));
        return { activations: activations.clone(), context };
      }),
    head: (activations, context) =>
      scored.run(() => {
        const values = new Map<string, tf.Tensor>(Object.entries(context));
        values.set(cut.key, activations);
        return evaluate(scored.ref, values);
      }),
    maskInput: (input, sample, masks) => {
      const n = masks.shape[0];
      return tf.tidy(() =>
        inputList(model, input).map((t, i) => {
          const one = t.slice(sample, 1);
          if (i !== imageIndex) return tf.tile(one, [n, ...one.shape.slice(1).map(() => 1)]);
          return one.mul(masks.expandDims(3));
        }),
      );
    },
    guidedGradients: (input, score) =>
      tf.tidy(() => {
        const inputs = inputList(model, input);
        const f = (image: tf.Tensor) => {
          const withImage = inputs.map((t, i) => (i === imageIndex ? image : t));
          return score(runWhole(withImage)).sum();
        };
        return withGuidedRelu(() => tf.grad(f)(inputs[imageIndex])) as tf.Tensor4D;
      }),
    predict: (input) => tf.tidy(() => runWhole(inputList(model, input))),
  };
  return registerBody(adapter, {
    kind: 'layers',
    view,
    cut,
    crossing,
    inputs: (input) => inputList(model, input),
  });
}

/** One adapter per layer, for maps averaged over several layers. */
export function layersModelAdapters(
  model: LayersModel,
  layers: string[],
  options: Omit<LayersAdapterOptions, 'layer'> = {},
) {
  return layers.map((layer) => layersModelAdapter(model, { ...options, layer }));
}
