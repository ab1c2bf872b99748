import * as tf from '@tensorflow/tfjs-core';

/** The learning-rate schedule and optimiser settings shared by the reference models' trainings. */
export interface Schedule {
  epochs: number;
  stepsPerEpoch: number;
  peakLearningRate: number;
  finalLearningRate: number;
  warmupSteps: number;
}

/** Linear warm-up, then cosine decay to the final rate: large steps early, fine ones to finish. */
export function learningRate(c: Schedule, step: number): number {
  const { peakLearningRate: peak, finalLearningRate: final, warmupSteps: warmup } = c;
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const t = (step - warmup) / Math.max(1, c.epochs * c.stepsPerEpoch - warmup);
  return final + 0.5 * (peak - final) * (1 + Math.cos(Math.PI * t));
}

/** Adam reads its rate at every step; the field is protected only in the typings. */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/** The variables behind a LayersModel's trainable weights. */
export function trainableVariables(model: { trainableWeights: { read(): tf.Tensor }[] }): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * Gradients scaled down together when their global norm exceeds `maxNorm`: an LSTM's occasional
 * large step early in training otherwise undoes what the encoder has learnt.
 */
export function clipByGlobalNorm(
  grads: tf.NamedTensorMap,
  maxNorm: number,
): { name: string; tensor: tf.Tensor }[] {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
    const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    return Object.entries(grads).map(([name, g]) => ({ name, tensor: tf.mul(g, scale) }));
  });
}
