import * as tf from '@tensorflow/tfjs-core';

type GradConfig = NonNullable<ReturnType<typeof tf.getGradient>>;

const passPositive = (dy: tf.Tensor, gate: tf.Tensor) =>
  tf.mul(dy, tf.cast(tf.logicalAnd(gate, tf.greater(dy, 0)), 'float32'));

// Guided versions of the rectifiers' gradients: the forward gate, and only positive gradients.
const GUIDED: GradConfig[] = [
  {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => passPositive(dy as tf.Tensor, tf.greater(saved[0], 0)) }),
  },
  {
    kernelName: 'Relu6',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({
      x: () =>
        passPositive(dy as tf.Tensor, tf.logicalAnd(tf.greater(saved[0], 0), tf.lessEqual(saved[0], 6))),
    }),
  },
];

/**
 * Runs `fn` (forward and backward) with every ReLU and ReLU6 kernel backpropagating as guided
 * backpropagation, whatever code calls them: a LayersModel, a GraphModel (fused convolutions run
 * unfused while a gradient is taped) or an imported ONNX graph. TF.js takes the gradient function
 * when an op is recorded, so the swap must cover the whole forward pass; `fn` must be synchronous
 * so that nothing else runs while the registry is swapped.
 */
export function withGuidedRelu<T>(fn: () => T): T {
  const saved = GUIDED.map((g) => tf.getGradient(g.kernelName));
  for (const g of GUIDED) tf.registerGradient(g);
  try {
    const result = fn();
    if (result instanceof Promise) throw new Error('withGuidedRelu needs a synchronous function');
    return result;
  } finally {
    GUIDED.forEach((g, i) => {
      const original = saved[i];
      if (original) tf.registerGradient(original);
      else tf.unregisterGradient(g.kernelName);
    });
  }
}
