import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxExecutor } from '../executor/executor';
import type { GraphFacts, TensorFacts } from './facts';

/** How a token tensor is explained as a grid (pytorch-grad-cam's `reshape_transform`). */
export interface TokenOption {
  /** Rows and columns of the patch grid. */
  grid: [number, number];
  /** Tokens before the patches (class and register tokens): left out of the map. Default: the rest. */
  prefix?: number;
}

/** A token tensor `[batch, tokens, channels]`, or sequence-first `[tokens, batch, channels]`, as a grid. */
export interface TokenLayout {
  grid: [number, number];
  prefix: number;
  sequenceFirst: boolean;
}

/** The most tokens taken for class and register tokens when the grid is inferred. */
const MAX_PREFIX = 4;

/**
 * Grids the graph's convolutions make: a patch embedding is a convolution whose output map
 * becomes the token sequence. Measured at batch 1.
 */
export function convolutionGrids(exec: OnnxExecutor, facts: GraphFacts): [number, number][] {
  const grids = new Map<string, [number, number]>();
  for (const node of exec.index.order) {
    if (node.opType !== 'Conv') continue;
    const shape = facts.get(node.outputs[0])?.shape;
    if (shape?.length === 4 && shape[2] * shape[3] > 1)
      grids.set(`${shape[2]}x${shape[3]}`, [shape[2], shape[3]]);
  }
  return [...grids.values()];
}

/** Tokens axis and count of a rank-3 float tensor measured at batch 1, if it is one. */
function tokenAxis(facts: TensorFacts | undefined): { tokens: number; sequenceFirst: boolean } | undefined {
  if (facts === undefined || facts.dtype !== 'float32' || facts.shape.length !== 3) return undefined;
  const [a, b] = facts.shape;
  if (a === 1 && b > 1) return { tokens: b, sequenceFirst: false };
  if (b === 1 && a > 1) return { tokens: a, sequenceFirst: true };
  return undefined;
}

/** A sequence-first token tensor `[tokens, batch, channels]`: its rows are not its samples. */
export function isSequenceFirst(facts: TensorFacts | undefined): boolean {
  return tokenAxis(facts)?.sequenceFirst === true;
}

/**
 * The grid of a token tensor: the one given (which must account for every token), else the
 * one the graph makes unambiguous: the one convolution grid with at most four tokens before it,
 * or, in a graph without convolutions, a square after one to four tokens, when exactly one prefix
 * makes a square.
 */
export function tokenLayout(
  facts: TensorFacts | undefined,
  grids: [number, number][],
  option?: TokenOption,
): TokenLayout | undefined {
  const axis = tokenAxis(facts);
  if (!axis) return undefined;
  const { tokens, sequenceFirst } = axis;
  if (option) {
    const [h, w] = option.grid;
    const prefix = option.prefix ?? tokens - h * w;
    return prefix >= 0 && h * w + prefix === tokens ? { grid: [h, w], prefix, sequenceFirst } : undefined;
  }
  // Where convolutions make grids, only their grids count: a channels-first [N, C, h*w] reshape
  // of a patch map would otherwise pass for C tokens.
  if (grids.length > 0) {
    const fromConv = grids.filter(([h, w]) => tokens - h * w >= 0 && tokens - h * w <= MAX_PREFIX);
    if (fromConv.length !== 1) return undefined;
    const [h, w] = fromConv[0];
    return { grid: [h, w], prefix: tokens - h * w, sequenceFirst };
  }
  const squares: number[] = [];
  for (let prefix = 1; prefix <= MAX_PREFIX; prefix++) {
    const side = Math.round(Math.sqrt(tokens - prefix));
    if (side > 1 && side * side === tokens - prefix) squares.push(prefix);
  }
  if (squares.length !== 1) return undefined;
  const side = Math.sqrt(tokens - squares[0]);
  return { grid: [side, side], prefix: squares[0], sequenceFirst };
}

/** Checks a user's `tokens` option before any tensor is measured against it. */
export function checkTokenOption(option: TokenOption | undefined): void {
  if (option === undefined) return;
  const { grid, prefix } = option;
  const positive = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
  if (!Array.isArray(grid) || grid.length !== 2 || !grid.every(positive)) {
    throw new GradcamError(
      `tokens.grid must be [rows, columns] of positive integers; got ${JSON.stringify(grid)}`,
    );
  }
  if (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0)) {
    throw new GradcamError(`tokens.prefix must be a whole number of tokens (0 or more); got ${prefix}`);
  }
}

/** The key under which the prefix tokens cross from the body to the head. */
export function prefixKey(cut: string): string {
  return `${cut} (prefix tokens)`;
}

/**
 * Body side: the token tensor (ONNX layout) as the engine's NHWC grid, and its prefix tokens
 * `[batch, prefix, channels]`, which the head puts back so that the model sees every token.
 */
export function tokensToGrid(
  tokens: tf.Tensor,
  layout: TokenLayout,
  name = 'the cut',
): { grid: tf.Tensor4D; prefix: tf.Tensor3D } {
  const [h, w] = layout.grid;
  const count = tokens.shape[layout.sequenceFirst ? 0 : 1];
  if (count !== layout.prefix + h * w) {
    // The grid is fixed when the adapter measures the graph; an input of another size (a wider
    // text line, a larger image) makes another number of tokens.
    throw new GradcamError(
      `tensor '${name}' has ${count} tokens for this input, but its grid was measured as ${h}x${w} after ${layout.prefix} prefix token(s) (${layout.prefix + h * w}): ` +
        'make the adapter for this input size (inputShape), or give tokens: { grid, prefix } that fit it',
    );
  }
  return tf.tidy(() => {
    const batchFirst = (layout.sequenceFirst ? tf.transpose(tokens, [1, 0, 2]) : tokens) as tf.Tensor3D;
    const [batch, , channels] = batchFirst.shape;
    const prefix = tf.slice(batchFirst, [0, 0, 0], [batch, layout.prefix, channels]);
    const patches = tf.slice(batchFirst, [0, layout.prefix, 0], [batch, count - layout.prefix, channels]);
    return { grid: tf.reshape(patches, [batch, h, w, channels]) as tf.Tensor4D, prefix };
  });
}

/** Head side: the grid and the prefix tokens back into the token tensor, in ONNX layout. */
export function gridToTokens(grid: tf.Tensor4D, prefix: tf.Tensor, layout: TokenLayout): tf.Tensor3D {
  const [rows, h, w, channels] = grid.shape;
  const patches = tf.reshape(grid, [rows, h * w, channels]);
  const all = layout.prefix > 0 ? tf.concat([prefix, patches], 1) : patches;
  return (layout.sequenceFirst ? tf.transpose(all, [1, 0, 2]) : all) as tf.Tensor3D;
}
