import { reshape, sum, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Sums a gradient of the broadcast shape down to the shape of the input that was broadcast: over
 * the leading axes the input lacked and the axes where it had size 1.
 */
export function sumToShape(gradient: Tensor, shape: readonly number[]): Tensor {
  const extra = gradient.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < gradient.rank; i++) {
    if (i < extra || (shape[i - extra] === 1 && gradient.shape[i] !== 1)) axes.push(i);
  }
  if (axes.length === 0) return gradient;
  return reshape(sum(gradient, axes), shape as number[]);
}
