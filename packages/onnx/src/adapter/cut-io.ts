import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { gridToTokens, prefixKey, type TokenLayout, tokensToGrid } from './tokens';

/** Tensors fed to the head besides the cut, keyed by tensor name. */
export type OnnxContext = Record<string, tf.Tensor>;

export type BodyResult = { activations: tf.Tensor4D; context: OnnxContext };

/**
 * What crosses the cut, in both directions: the cut tensor as the engine's NHWC activations
 * (a feature map channels-last, tokens as a grid with their prefix tokens kept in the context),
 * and back into the graph's own layout for the head.
 */
export class CutIO {
  /**
   * @param sequenceFirst crossing tensors laid out `[tokens, batch, channels]`: they cross
   * batch-first, since the engine repeats the context's rows (its first axis) per target.
   */
  constructor(
    readonly cut: string,
    readonly crossing: string[],
    readonly tokens: TokenLayout | undefined,
    private readonly sequenceFirst: Set<string> = new Set(),
  ) {}

  /**
   * The body's outputs as the engine's result. `cutValue` is in ONNX layout, or channels-last when
   * `channelsLast` (a feature map fetched so from the executor). Call inside a tidy.
   */
  toBody(cutValue: tf.Tensor, crossed: tf.Tensor[], batch: number, channelsLast: boolean): BodyResult {
    const rows = crossed.map((t, i) => (this.sequenceFirst.has(this.crossing[i]) ? swapFirstAxes(t) : t));
    rows.forEach((t, i) => {
      assertPerSample(t, this.crossing[i], batch, this.cut);
    });
    const context: OnnxContext = Object.fromEntries(this.crossing.map((name, i) => [name, rows[i]]));
    if (this.tokens) {
      const { grid, prefix } = tokensToGrid(cutValue, this.tokens, this.cut);
      if (this.tokens.prefix > 0) context[prefixKey(this.cut)] = prefix;
      return { activations: grid, context };
    }
    const activations = channelsLast ? cutValue : tf.transpose(cutValue, [0, 2, 3, 1]);
    return { activations: activations as tf.Tensor4D, context };
  }

  /** Whether the head is fed the cut channels-last (feature maps; tokens go back as tokens). */
  get headChannelsLast(): string[] {
    return this.tokens ? [] : [this.cut];
  }

  /**
   * The head's feeds. With `onnxLayout`, a feature map is fed NCHW (for runs without the
   * channels-last option); tokens always go back in the graph's layout, prefix tokens first.
   */
  headFeeds(activations: tf.Tensor4D, context: OnnxContext, onnxLayout = false): OnnxContext {
    const { [prefixKey(this.cut)]: prefix, ...rest } = context;
    for (const name of this.sequenceFirst) if (name in rest) rest[name] = swapFirstAxes(rest[name]);
    if (!this.tokens) {
      const cutValue = onnxLayout ? tf.transpose(activations, [0, 3, 1, 2]) : activations;
      return { ...rest, [this.cut]: cutValue };
    }
    return { ...rest, [this.cut]: gridToTokens(activations, prefix, this.tokens) };
  }
}

function swapFirstAxes(t: tf.Tensor): tf.Tensor {
  return tf.transpose(t, [1, 0, ...t.shape.slice(2).map((_, i) => i + 2)]);
}

/** The engine repeats context rows per target, so each crossing tensor needs one row per sample. */
function assertPerSample(t: tf.Tensor, name: string, batch: number, cut: string): void {
  if (t.rank === 0 || t.shape[0] !== batch) {
    throw new GradcamError(
      `the tensor '${name}' crosses the cut at '${cut}' but is not one row per sample ` +
        `(shape [${t.shape.join(', ')}], batch ${batch}): explain a tensor after the point where it joins`,
    );
  }
}
