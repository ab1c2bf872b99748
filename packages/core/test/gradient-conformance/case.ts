import type * as tf from '@tensorflow/tfjs-core';

/** How a case's seeded inputs are drawn: the range keeps each op inside its domain. */
export type Fill = 'signed' | 'positive' | 'unit' | 'aboveOne';

export interface InputSpec {
  shape: number[];
  fill?: Fill;
  /** Exact values (ties, zeros, windows <= 0), used instead of random ones. */
  values?: number[];
  /** int32 inputs (indices, segment ids) are constants: not differentiated. */
  dtype?: 'float32' | 'int32';
}

/** A plain-JS float64 forward of the case: same inputs (float32-rounded), flat output in TF.js order. */
export type Reference = (inputs: Float64Array[], shapes: number[][]) => Float64Array;

/**
 * One gradient check: `f` is built from TF.js ops, the loss is sum(w * f(x)) with seeded w, and
 * the gradient of every float input from tf.grads is compared with central finite differences.
 */
export interface ConformanceCase {
  /** The TF.js kernel whose gradient this case guards: its row in the table. */
  kernel: string;
  /** Set when `kernel` names a composition of kernels (an LSTM cell, layer norm), not one kernel. */
  composite?: boolean;
  /** What the case covers (padding, ties, broadcasting...): unique within the kernel. */
  name: string;
  inputs: InputSpec[];
  f: (...xs: tf.Tensor[]) => tf.Tensor;
  /**
   * Float64 forward for the finite differences; without one they run `f` on the backend in
   * float32 with a larger step, which is only sound where `f` is smooth around the inputs.
   */
  reference?: Reference;
  /**
   * f is linear in each float input taken alone (layout ops, products, convolutions): its central
   * differences are exact for any step, so the backend's float32 forward serves with a unit step.
   */
  linear?: boolean;
  /**
   * TensorFlow's convention at non-differentiable points, which the expected gradient follows:
   * 'first' (max-pool ties go to the first maximum, ReLU at 0 gives 0) is the gradient after
   * nudging later elements down; 'split' (reduce-max ties share the gradient) averages the two
   * nudge orders, exact for pairs of tied values. Needs `reference`.
   */
  ties?: 'first' | 'split';
}

export function caseId(c: ConformanceCase): string {
  return `${c.kernel}: ${c.name}`;
}
