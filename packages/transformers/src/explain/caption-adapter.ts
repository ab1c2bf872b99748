import { type ExplainableModel, GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ImageCaptioner } from '../model-dir/load-captioner';
import { crossingTensors } from './crossing';
import { chooseLayer, type EncoderLayers, type TokenTensor } from './encoder-layers';
import { tokenLogProbs } from './teacher-forcing';

/** `log p(token_t | tokens_<t, image)`, `[rows, T]`: what wordTarget(t) and captionTarget() read. */
export interface TokenLogProbOutputs extends Record<string, tf.Tensor> {
  tokenLogProbs: tf.Tensor2D;
}

export type CaptionHeadContext = Record<string, tf.Tensor>;

export interface TransformerCaptionAdapter
  extends ExplainableModel<tf.Tensor4D, CaptionHeadContext, TokenLogProbOutputs> {
  /** The explained encoder tensor and its shape at batch 1 `[1, prefix + patches, width]`. */
  readonly tensor: TokenTensor;
  /** Patch grid `[rows, cols]` the patch tokens are laid out on. */
  readonly grid: [number, number];
  /** Encoder tensors fed to the head besides the cut. */
  readonly crossing: string[];
  /** Token ids the head scores, position by position: the caption, then the end token. */
  readonly targets: readonly number[];
}

export interface CaptionAdapterOptions {
  /** Encoder tensor to explain (default the last block's output). */
  layer?: string;
  /** The caption's token ids, without start and end tokens. */
  tokens: readonly number[];
}

// Context keys: encoder tensor names are prefixed so that they cannot clash with these.
const PREFIX_TOKENS = 'prefix tokens';
const INPUT_IDS = 'input ids';
const TARGET_IDS = 'target ids';
const ENCODER = 'encoder ';

/**
 * A transformers.js captioner as the engine's model. The body runs the encoder graph to the
 * explained tensor and hands its patch tokens to the engine as a grid `[batch, rows, cols, width]`
 * (the class and other prefix tokens travel in the context). The head puts the prefix back, runs
 * the rest of the encoder and the decoder teacher-forced on the caption, and returns each token's
 * log-probability; the caption's ids travel in the context, so that K words of one caption are K
 * rows of one backward pass.
 */
export function transformerCaptionAdapter(
  captioner: ImageCaptioner,
  layers: EncoderLayers,
  options: CaptionAdapterOptions,
): TransformerCaptionAdapter {
  const { encoder, decoder, modelDir } = captioner;
  if (options.tokens.length === 0) {
    throw new GradcamError('the caption has no tokens to explain; give a caption of at least one word');
  }
  const tensor = chooseLayer(layers, options.layer);
  const cut = tensor.name;
  const grid = modelDir.grid;
  const [, tokens, width] = tensor.shape;
  const crossing = cut === layers.output ? [] : crossingTensors(encoder, cut, layers.output, layers.facts);
  const inputs = [modelDir.startToken, ...options.tokens];
  const targets = [...options.tokens, modelDir.endToken];
  const ids = (values: number[], rows: number) =>
    tf.tidy(() => tf.tile(tf.tensor2d([values], [1, values.length], 'int32'), [rows, 1]));

  return {
    layer: cut,
    tensor,
    grid,
    crossing,
    targets,
    inputSize: (x) => [x.shape[2], x.shape[3]],
    body: (x) => {
      const [h, w] = modelDir.imageSize;
      if (x.rank !== 4 || x.shape[1] !== 3 || x.shape[2] !== h || x.shape[3] !== w) {
        throw new GradcamError(
          `pixel values must be [batch, 3, ${h}, ${w}] (NCHW, as the model's processor makes them); got [${x.shape.join(', ')}]`,
        );
      }
      return tf.tidy(() => {
        const rows = x.shape[0];
        const [sequence, ...crossed] = encoder.run({ [layers.input]: x }, [cut, ...crossing]);
        const prefix = tf.slice(sequence, [0, 0, 0], [rows, tensor.prefix, width]);
        const patches = tf.slice(sequence, [0, tensor.prefix, 0], [rows, tokens - tensor.prefix, width]);
        const context: CaptionHeadContext = {
          [PREFIX_TOKENS]: prefix,
          [INPUT_IDS]: ids(inputs, rows),
          [TARGET_IDS]: ids(targets, rows),
        };
        crossing.forEach((name, i) => {
          context[`${ENCODER}${name}`] = crossed[i];
        });
        return { activations: tf.reshape(patches, [rows, grid[0], grid[1], width]) as tf.Tensor4D, context };
      });
    },
    head: (activations, context) =>
      tf.tidy(() => {
        const rows = activations.shape[0];
        const sequence = tf.concat(
          [context[PREFIX_TOKENS], tf.reshape(activations, [rows, grid[0] * grid[1], width])],
          1,
        );
        const fed: Record<string, tf.Tensor> = { [cut]: sequence };
        for (const name of crossing) fed[name] = context[`${ENCODER}${name}`];
        const states = cut === layers.output ? sequence : encoder.run(fed, [layers.output])[0];
        return {
          tokenLogProbs: tokenLogProbs(
            decoder,
            modelDir,
            states,
            context[INPUT_IDS] as tf.Tensor2D,
            context[TARGET_IDS] as tf.Tensor2D,
          ),
        };
      }),
  };
}
