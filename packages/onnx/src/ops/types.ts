import type * as tf from '@tensorflow/tfjs-core';
import type { Attributes } from '../executor/attributes';
import type { OnnxNode } from '../proto/types';

/** Options of one run that change how ops compute (not what). */
export interface RunOptions {
  /**
   * Clip with min 0 runs as a rectifier (Relu6 for max 6) whose gradient guided backpropagation
   * replaces; off, Clip keeps its plain gradient, as the reference treats ReLU6.
   */
  guidedClip?: boolean;
}

/** An op's output computed channels-last (NHWC) for a 4-D ONNX (NCHW) tensor. */
export class ChannelsLast {
  constructor(readonly tensor: tf.Tensor4D) {}
}

export const channelsLast = (t: tf.Tensor): ChannelsLast => new ChannelsLast(t as tf.Tensor4D);

export type OpOutput = tf.Tensor | ChannelsLast;

/** What an op sees of its node and inputs during a run. */
export interface OpContext {
  readonly node: OnnxNode;
  /** Version of the default (ai.onnx) operator set the model imports. */
  readonly opset: number;
  readonly attrs: Attributes;
  readonly options: RunOptions;
  /** Number of input slots, including omitted optional ones. */
  readonly inputCount: number;
  /** Whether optional input `i` is given. */
  has(i: number): boolean;
  /** Input `i` in ONNX's layout; throws a clear error when it is missing. */
  input(i: number): tf.Tensor;
  /** Input `i` when given. */
  optional(i: number): tf.Tensor | undefined;
  /** Input `i` (4-D) channels-last. */
  channelsLast(i: number): tf.Tensor4D;
  /** True when input `i` exists channels-last only, so NHWC ops on it save a transpose. */
  isChannelsLast(i: number): boolean;
  /** Shape of input `i` in ONNX's layout, without converting it. */
  shape(i: number): number[];
  /** The integer values of a small input (shapes, axes, indices), read synchronously. */
  ints(i: number): number[];
  /** The values of a small float input (Clip bounds, Pad values), read synchronously. */
  numbers(i: number): number[];
  /** Whether input `i` is a graph constant (initializer or Constant node) that is not fed. */
  isConstant(i: number): boolean;
  /**
   * A tensor derived from constant inputs (a transposed filter, folded batch-norm parameters),
   * computed once and kept while the model lives; recomputed on every run when one of `inputs`
   * is not constant.
   */
  cached(key: string, inputs: number[], make: () => tf.Tensor): tf.Tensor;
}

export type OpImpl = (ctx: OpContext) => OpOutput | OpOutput[];

/** Op type to implementation, one table per category of ops (default ONNX domain). */
export type OpTable = Record<string, OpImpl>;
