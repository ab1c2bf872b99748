import { createGaussian, createRng } from '@gradcam/metrics';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Weights that can be read and replaced: a layer's, or a set of variables. */
export interface WeightSlot {
  name: string;
  read(): tf.Tensor[];
  write(weights: tf.Tensor[]): void;
}

/** The slot of a LayersModel layer; an unknown name lists the layers there are. */
export function layerSlot(model: LayersModel, name: string): WeightSlot {
  if (!model.layers.some((l) => l.name === name)) {
    throw new Error(
      `cannot randomise layer '${name}': the model has ${model.layers.map((l) => l.name).join(', ')}`,
    );
  }
  const layer = model.getLayer(name);
  return { name, read: () => layer.getWeights(), write: (w) => layer.setWeights(w) };
}

/** The slot of named variables (e.g. a decoder's weights). */
export function variablesSlot(name: string, variables: tf.Variable[]): WeightSlot {
  const write = (weights: tf.Tensor[]) => {
    for (const [i, v] of variables.entries()) v.assign(weights[i]);
  };
  return { name, read: () => variables, write };
}

export interface Randomisation {
  /** Cumulative labels: `logits`, `logits + features`, ... */
  steps: string[];
  randomise(step: number): void;
  restore(): void;
  dispose(): void;
}

/**
 * Cascading model randomisation (Adebayo et al., 2018): step k replaces the weights of groups
 * 0..k (the top of the network first) with seeded gaussian noise of each weight tensor's own
 * standard deviation, so the scale of the activations stays as trained and only what was learnt
 * is gone. `restore` puts the trained weights back.
 */
export function cascadingRandomisation(
  groups: { label: string; slots: WeightSlot[] }[],
  seed: number,
): Randomisation {
  const trained = new Map<WeightSlot, tf.Tensor[]>();
  const restore = () => {
    for (const [slot, weights] of trained) slot.write(weights);
  };
  const randomise = (step: number) => {
    restore();
    groups.slice(0, step + 1).forEach((group, g) => {
      group.slots.forEach((slot, s) => {
        if (!trained.has(slot))
          trained.set(
            slot,
            slot.read().map((w) => w.clone()),
          );
        const noisy = trained.get(slot)!.map((w, k) => noise(w, seed * 10_007 + g * 1009 + s * 31 + k));
        slot.write(noisy);
        for (const t of noisy) t.dispose();
      });
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
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  // A tensor of one constant (a fresh bias) gets a small spread rather than none.
  const std = Math.sqrt(squares / values.length) || 0.01;
  const gaussian = createGaussian(createRng(seed));
  return tf.tensor(
    Float32Array.from(values, () => gaussian() * std),
    weights.shape,
    weights.dtype,
  );
}

/** The shared encoder's convolutions, top first, as one randomisation group each. */
export function encoderGroups(model: LayersModel, names: readonly string[]) {
  return names
    .filter((n) => model.layers.some((l) => l.name === n))
    .map((n) => ({ label: n, slots: [layerSlot(model, n)] }));
}

export const ENCODER_TOP_DOWN = ['features', 'conv2b', 'conv2a', 'conv1b', 'conv1a'] as const;
