import { type ExplainableModel, withGuidedRelu } from '@gradcam/core';
import { type LayersAdapter, layersModelAdapter } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { fail } from '../errors';
import { scoresFromTokens } from '../model/answer-scores';
import type { VqaModel } from '../model/vqa-model';

/** Images `[batch, H, W, C]`, asked the adapter's question, or each with its own word ids `[batch, T]`. */
export type VqaInput = tf.Tensor4D | { image: tf.Tensor4D; question: tf.Tensor2D };

/**
 * What crosses the cut: the word ids (`question`, `[batch, T]`, batch first so that the engine
 * repeats them with the activations, one row per explained answer) and the encoder's own crossing
 * tensors (skip connections around the cut), under `encoder/<name>`.
 */
export type VqaContext = Record<string, tf.Tensor>;
export type VqaOutputs = { answers: tf.Tensor2D };

export interface VqaAdapterOptions {
  /** Encoder layer to explain; default the encoder's last spatial layer. */
  layer?: string;
  /** Word ids of the question asked of every image (one list), or of each image (one per image). */
  question?: number[] | number[][];
}

export interface VqaAdapter extends ExplainableModel<VqaInput, VqaContext, VqaOutputs> {
  readonly layerChoice: string;
  /** The encoder cut at the explained layer. */
  readonly encoder: LayersAdapter;
  /** Answer scores `[batch, answers]` of the whole model. */
  predict(input: VqaInput): tf.Tensor2D;
}

const ENCODER_PREFIX = 'encoder/';

/**
 * A VQA model as the engine's body and head: the body runs the image encoder up to `layer`; the
 * head runs the rest of the encoder, the question encoder, the fusion and the classifier, and
 * returns `{ answers }` for `answerTarget(a)`. Gradient-free methods (masked inputs, ablated
 * channels) and guided backpropagation through the encoder work too.
 */
export function vqaAdapter(model: VqaModel, options: VqaAdapterOptions = {}): VqaAdapter {
  // The encoder's output feeds the VQA head as it is: no softmax is taken off.
  const encoder = layersModelAdapter(model.encoder, { layer: options.layer, probabilities: true });
  const question = options.question === undefined ? undefined : asRows(options.question);

  /** The images and one row of word ids per image (fresh tensors: the engine disposes context). */
  const split = (input: VqaInput): { image: tf.Tensor4D; tokens: tf.Tensor2D } => {
    if (input instanceof tf.Tensor) {
      if (!question) fail('no question: give the question to ask about the image');
      return { image: input, tokens: rowsFor(tf.tensor2d(question, undefined, 'int32'), input.shape[0]) };
    }
    return { image: input.image, tokens: rowsFor(input.question.cast('int32'), input.image.shape[0]) };
  };

  const answersOf = (features: tf.Tensor, tokens: tf.Tensor2D): VqaOutputs => ({
    answers: scoresFromTokens(model, features, tokens),
  });

  return {
    layer: encoder.layer,
    layerChoice: encoder.layerChoice,
    encoder,
    inputSize: (input) => {
      const image = input instanceof tf.Tensor ? input : input.image;
      return [image.shape[1], image.shape[2]];
    },
    body: (input) =>
      tf.tidy(() => {
        const { image, tokens } = split(input);
        const { activations, context } = encoder.body(image);
        const crossing = Object.entries(context).map(([k, t]) => [`${ENCODER_PREFIX}${k}`, t]);
        return { activations, context: { question: tokens, ...Object.fromEntries(crossing) } };
      }),
    head: (activations, context) => {
      const crossing: Record<string, tf.Tensor> = {};
      for (const [k, t] of Object.entries(context)) {
        if (k.startsWith(ENCODER_PREFIX)) crossing[k.slice(ENCODER_PREFIX.length)] = t;
      }
      return answersOf(encoder.head(activations, crossing), context.question as tf.Tensor2D);
    },
    maskInput: (input, sample, masks) =>
      tf.tidy(() => {
        const { image, tokens } = split(input);
        const n = masks.shape[0];
        const masked = image.slice(sample, 1).mul(masks.expandDims(3)) as tf.Tensor4D;
        return { image: masked, question: tf.tile(tokens.slice(sample, 1), [n, 1]) as tf.Tensor2D };
      }),
    guidedGradients: (input, score) =>
      tf.tidy(() => {
        const { image, tokens } = split(input);
        const f = (x: tf.Tensor) => score(answersOf(model.encoder.apply(x) as tf.Tensor, tokens)).sum();
        return withGuidedRelu(() => tf.grad(f)(image)) as tf.Tensor4D;
      }),
    predict: (input) =>
      tf.tidy(() => {
        const { image, tokens } = split(input);
        return answersOf(model.encoder.predict(image) as tf.Tensor, tokens).answers;
      }),
  };
}

function asRows(question: number[] | number[][]): number[][] {
  const rows =
    question.length > 0 && Array.isArray(question[0]) ? (question as number[][]) : [question as number[]];
  if (rows.some((r) => r.length === 0)) fail('the question has no words');
  const length = rows[0].length;
  if (rows.some((r) => r.length !== length)) fail('questions of one batch must be padded to one length');
  return rows;
}

/** One row of word ids per image: a single question is repeated, one per image is kept. */
function rowsFor(tokens: tf.Tensor2D, batch: number): tf.Tensor2D {
  if (tokens.shape[0] === batch) return tokens.clone();
  if (tokens.shape[0] === 1) return tf.tile(tokens, [batch, 1]);
  return fail(`${tokens.shape[0]} questions for ${batch} images: give one question, or one per image`);
}
