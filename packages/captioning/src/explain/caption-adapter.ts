import { type ExplainableModel, GradcamError } from '@gradcam/core';
import { layersModelAdapter } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { Captioner } from '../captioner';
import { checkCaptionLength, checkImages } from '../check-input';
import { tokenLogProbs } from '../token-log-probs';

/** What the head returns: `log p(w_t | w_<t, image)`, `[rows, T]`, what wordTarget/captionTarget read. */
export interface CaptionHeadOutputs extends Record<string, tf.Tensor> {
  tokenLogProbs: tf.Tensor2D;
}

/** The encoder's tensors that cross the cut, and the caption's token ids `[batch, T]`. */
export type CaptionContext = Record<string, tf.Tensor>;

export interface CaptionAdapterOptions {
  /** Encoder layer to explain; default the encoder's last spatial layer. */
  layer?: string;
  /** Token ids of the caption's words, scored position by position (`wordTarget(t)` is word t). */
  tokens: readonly number[];
  /** Also score `<end>` after the last word, as position T (default true): the caption as a sentence. */
  includeEnd?: boolean;
}

export interface CaptionAdapter extends ExplainableModel<tf.Tensor4D, CaptionContext, CaptionHeadOutputs> {
  readonly layerChoice: string;
  /** The ids the head scores: the words, then `<end>` unless `includeEnd: false`. */
  readonly tokens: readonly number[];
}

// Encoder context keys are tensor keys of its graph (`name#call:index`); this one cannot clash.
const TOKENS = 'caption tokens';
const ENCODER = 'encoder ';

/**
 * A captioner as the engine's model: the body is the encoder up to `layer`; the head is the rest
 * of the encoder and the language model, teacher-forced on the caption. The caption's ids travel
 * in the context with the batch first, so that the engine tiles them with the activations: the K
 * words of one caption are K rows of one backward pass.
 */
export function captionAdapter(captioner: Captioner, options: CaptionAdapterOptions): CaptionAdapter {
  const { vocabulary, decoder } = captioner;
  const tokens = [...options.tokens, ...(options.includeEnd === false ? [] : [vocabulary.end])];
  if (options.tokens.length === 0) {
    throw new GradcamError('the caption has no words to explain; give the token ids of at least one word');
  }
  checkCaptionLength(captioner, options.tokens.length);
  const bad = tokens.filter((id) => !(Number.isInteger(id) && id >= 0 && id < vocabulary.size));
  if (bad.length > 0) {
    throw new GradcamError(
      `token ids ${bad.join(', ')} are outside the vocabulary (size ${vocabulary.size})`,
    );
  }
  // The encoder as it is: a captioner's features are its output, never a stripped softmax.
  const encoder = layersModelAdapter(captioner.encoder, { layer: options.layer, probabilities: true });
  const tiledTokens = (rows: number) =>
    tf.tidy(() => tf.tile(tf.tensor2d([tokens], [1, tokens.length], 'int32'), [rows, 1]));
  const encoderContext = (context: CaptionContext) =>
    Object.fromEntries(
      Object.entries(context)
        .filter(([k]) => k.startsWith(ENCODER))
        .map(([k, t]) => [k.slice(ENCODER.length), t]),
    );
  const score = (features: tf.Tensor, ids: tf.Tensor): CaptionHeadOutputs => ({
    tokenLogProbs: tokenLogProbs(decoder, vocabulary, features, ids as tf.Tensor2D),
  });

  return {
    layer: encoder.layer,
    layerChoice: encoder.layerChoice,
    tokens,
    // The engine asks for the input size before any TF.js work: the place to check the image.
    inputSize: (input) => {
      checkImages(captioner, input);
      return encoder.inputSize!(input);
    },
    body: (input) => {
      const { activations, context } = encoder.body(input);
      const prefixed = Object.fromEntries(Object.entries(context).map(([k, t]) => [`${ENCODER}${k}`, t]));
      return { activations, context: { ...prefixed, [TOKENS]: tiledTokens(activations.shape[0]) } };
    },
    head: (activations, context) =>
      score(encoder.head(activations, encoderContext(context)), context[TOKENS]),
    guidedGradients: (input, scoreOf) =>
      encoder.guidedGradients!(input, (features) => scoreOf(score(features, tiledTokens(features.shape[0])))),
  };
}
