import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `run` while the gradient of `kernelName` is deliberately wrong (half the true one), as a
 * broken TF.js kernel would be; TF.js's own gradient is put back afterwards, whatever happens.
 */
export async function withHalvedGradient<T>(kernelName: string, run: () => Promise<T>): Promise<T> {
  const stock = tf.getGradient(kernelName);
  if (!stock) throw new Error(`no gradient registered for ${kernelName}`);
  // TF.js warns when a gradient is overwritten; here that is the point.
  const warn = console.warn;
  console.warn = () => {};
  tf.registerGradient({
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const grads = stock.gradFunc(dy, saved, attrs);
      return Object.fromEntries(
        Object.entries(grads).map(([name, g]) => [name, () => (g() as tf.Tensor).mul(0.5)]),
      );
    },
  });
  try {
    return await run();
  } finally {
    tf.registerGradient(stock);
    console.warn = warn;
  }
}
