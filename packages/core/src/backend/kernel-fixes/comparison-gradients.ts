import {
  Equal,
  FloorDiv,
  type GradConfig,
  Greater,
  Less,
  LessEqual,
  LogicalAnd,
  LogicalNot,
  LogicalOr,
  NotEqual,
  zeros,
} from '@tensorflow/tfjs-core';
import { gradientFix } from './gradient-fix';
import type { KernelFix } from './kernel-fix';

/**
 * Comparisons, logical ops and floor division are piecewise constant: their gradient is zero, as
 * in TensorFlow. TF.js registers none for most comparisons, so a graph that routes x through
 * tf.where(x > 0, ...) (an imported ReLU or a mask) cannot be differentiated at all; and it gives
 * FloorDiv the gradient of a real division.
 */
function zeroGradient(kernelName: string, inputs: string[]): KernelFix {
  const config: GradConfig = {
    kernelName,
    inputsToSave: inputs,
    gradFunc: (_dy, saved) =>
      Object.fromEntries(inputs.map((name, i) => [name, () => zeros(saved[i].shape, 'float32')])),
  };
  return gradientFix(
    kernelName === FloorDiv ? 'FloorDiv gradient, zero' : `${kernelName} gradient (missing, zero)`,
    config,
    kernelName === FloorDiv
      ? 'the stock FloorDiv gradient is that of a real division (dy / b), where floor(a / b) is piecewise constant'
      : `TF.js registers no ${kernelName} gradient: "Cannot compute gradient: gradient function not found for ${kernelName}"`,
  );
}

export const comparisonGradientFixes: KernelFix[] = [
  ...[Greater, Less, LessEqual, Equal, NotEqual, LogicalAnd, LogicalOr].map((k) =>
    zeroGradient(k, ['a', 'b']),
  ),
  zeroGradient(LogicalNot, ['x']),
  zeroGradient(FloorDiv, ['a', 'b']),
];
