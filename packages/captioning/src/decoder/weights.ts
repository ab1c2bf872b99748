import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { type DecoderConfig, weightShapes } from './config';

/** The decoder's weights by name. Variables, so that a trainer can fit them with an optimizer. */
export type DecoderWeights = Record<string, tf.Variable>;

/**
 * Fresh weights: Glorot-uniform matrices, zero biases except the LSTM's forget gate (1, so that
 * an untrained cell keeps its memory, as Keras' unitForgetBias). Seeded: the same seed, the same
 * weights.
 */
export function initialWeights(config: DecoderConfig, seed = 1): DecoderWeights {
  const shapes = weightShapes(config);
  const weights: DecoderWeights = {};
  let k = 0;
  for (const [name, shape] of Object.entries(shapes)) {
    const value = tf.tidy(() => {
      if (name === 'lstmBias') {
        const h = config.hiddenSize;
        return tf.concat([tf.zeros([h]), tf.ones([h]), tf.zeros([2 * h])]);
      }
      if (shape.length === 1) return tf.zeros(shape);
      const limit = Math.sqrt(6 / (shape[0] + shape[1]));
      return tf.randomUniform(shape, -limit, limit, 'float32', seed * 1000 + k);
    });
    k++;
    weights[name] = tf.variable(value);
    value.dispose();
  }
  return weights;
}

/** Weights from loaded tensors, checked name by name against the configuration's shapes. */
export function weightsFromTensors(config: DecoderConfig, tensors: tf.NamedTensorMap): DecoderWeights {
  const shapes = weightShapes(config);
  const missing = Object.keys(shapes).filter((name) => !(name in tensors));
  if (missing.length > 0) {
    throw new GradcamError(
      `the decoder weights lack ${missing.join(', ')} (a ${config.kind} decoder needs them)`,
    );
  }
  // Every shape is checked before any variable is made, so a bad file leaves nothing allocated.
  for (const [name, shape] of Object.entries(shapes)) {
    const t = tensors[name];
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new GradcamError(
        `decoder weight '${name}' has shape [${t.shape.join(', ')}]; the configuration needs [${shape.join(', ')}]`,
      );
    }
  }
  const weights: DecoderWeights = {};
  for (const name of Object.keys(shapes)) {
    const t = tensors[name];
    const value = t.dtype === 'float32' ? t : t.toFloat();
    weights[name] = tf.variable(value);
    if (value !== t) value.dispose();
  }
  return weights;
}
