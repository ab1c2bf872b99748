import type * as tf from '@tensorflow/tfjs-core';
import type { TensorRef } from './graph-view';

type ActivationLike = { apply(x: tf.Tensor): tf.Tensor; getClassName(): string };

const activationName = (layer: unknown): string | undefined =>
  (layer as { activation?: ActivationLike }).activation?.getClassName?.().toLowerCase();

const IDENTITY: ActivationLike = { apply: (x) => x, getClassName: () => 'linear' };

/**
 * The paper differentiates the score before the softmax. A model that ends in a softmax layer is
 * scored at that layer's input; one whose last layer has a softmax activation (Dense with
 * activation 'softmax') is run with that activation set to identity while the head runs.
 */
export function preSoftmaxOutput(output: TensorRef): {
  ref: TensorRef;
  run<T>(f: () => T): T;
  stripped: boolean;
} {
  const layer = output.layer;
  const className = layer?.getClassName();
  if (
    layer &&
    (className === 'Softmax' || (className === 'Activation' && activationName(layer) === 'softmax'))
  ) {
    return { ref: output.inputs[0], run: (f) => f(), stripped: true };
  }
  if (layer && activationName(layer) === 'softmax') {
    const holder = layer as unknown as { activation: ActivationLike };
    return {
      ref: output,
      stripped: true,
      run: (f) => {
        const original = holder.activation;
        holder.activation = IDENTITY;
        try {
          return f();
        } finally {
          holder.activation = original;
        }
      },
    };
  }
  return { ref: output, run: (f) => f(), stripped: false };
}
