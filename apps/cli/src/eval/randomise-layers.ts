import { createGaussian, createRng } from '@gradcam/metrics';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * Cascading model randomisation for a LayersModel (Adebayo et al., 2018): step k replaces the
 * weights of `groups[0..k]` (top of the network first) with seeded gaussian noise of each weight
 * tensor's own standard deviation, so the scale of the activations stays as trained and only what
 * was learnt is gone. `restore` puts the trained weights back.
 */
export function layersRandomisation(
  model: LayersModel,
  groups: { label: string; layers: string[] }[],
  seed: number,
) {
  for (const group of groups)
    for (const name of group.layers) {
      try {
        model.getLayer(name);
      } catch {
        throw new Error(
          `cannot randomise layer '${name}': the model has ${model.layers.map((l) => l.name).join(', ')}`,
        );
      }
    }
  const trained = new Map<string, tf.Tensor[]>();
  const restore = () => {
    for (const [name, weights] of trained) model.getLayer(name).setWeights(weights);
  };
  const randomise = (step: number) => {
    restore();
    groups.slice(0, step + 1).forEach((group, g) => {
      for (const name of group.layers) {
        const layer = model.getLayer(name);
        if (!trained.has(name))
          trained.set(
            name,
            layer.getWeights().map((w) => w.clone()),
          );
        const noisy = trained.get(name)!.map((w, k) => noise(w, seed * 1000 + g * 10 + k));
        layer.setWeights(noisy);
        for (const t of noisy) t.dispose();
      }
    });
  };
  return {
    steps: groups.map((_, k) =>
      groups
        .slice(0, k + 1)
        .map((x) => x.label)
        .join(' + '),
    ),
    randomise,
    restore,
    dispose: () => {
      restore();
      for (const weights of trained.values()) for (const w of weights) w.dispose();
      trained.clear();
    },
  };
}

function noise(weights: tf.Tensor, seed: number): tf.Tensor {
  const values = weights.dataSync();
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2 / values.length;
  const std = Math.sqrt(variance) || 0.01;
  const gaussian = createGaussian(createRng(seed));
  return tf.tensor(
    Float32Array.from(values, () => gaussian() * std),
    weights.shape,
  );
}
