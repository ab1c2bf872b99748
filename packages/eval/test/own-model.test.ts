// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { type Box, classTarget, explain, seededUniform, selectBackend } from '@gradcam/core';
import type { ScoreFn } from '@gradcam/metrics';
import { layersModelAdapter } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cascadingRandomisation,
  type EvalItem,
  type EvalScene,
  type EvalSubject,
  evaluateSubjects,
  layerSlot,
  objectsTruth,
  withSubsets,
} from '../src/index';

const SIZE = 24;

/** A user's pictures: grey noise with one coloured square each, its mask and box annotated. */
function pictures(count: number): EvalScene[] {
  const rng = seededUniform(41);
  return Array.from({ length: count }, () => {
    const data = Uint8Array.from({ length: SIZE * SIZE * 3 }, () => 100 + Math.floor(40 * rng()));
    const side = 6;
    const x0 = Math.floor(rng() * (SIZE - side));
    const y0 = Math.floor(rng() * (SIZE - side));
    const mask = new Uint8Array(SIZE * SIZE);
    for (let y = y0; y < y0 + side; y++)
      for (let x = x0; x < x0 + side; x++) {
        mask[y * SIZE + x] = 1;
        data.set([230, 40, 40], (y * SIZE + x) * 3);
      }
    const box: Box = { x0, y0, x1: x0 + side - 1, y1: y0 + side - 1 };
    return {
      image: { data, width: SIZE, height: SIZE, channels: 3 as const },
      width: SIZE,
      height: SIZE,
      objects: [{ mask, box }],
    };
  });
}

/**
 * A user's small CNN: conv 'conv' (filter 0 a red detector, the others seeded noise) -> global
 * average pooling -> 2 logits, class 0 reading mostly filter 0: Grad-CAM of class 0 has a square
 * to find, and randomising the head changes its map.
 */
function userModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [SIZE, SIZE, 3] });
  const conv = tfl.layers
    .conv2d({
      name: 'conv',
      filters: 6,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotNormal({ seed: 3 }),
    })
    .apply(input) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(conv) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({ name: 'logits', units: 2, kernelInitializer: tfl.initializers.glorotNormal({ seed: 4 }) })
    .apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: logits });
  const rng = seededUniform(5);
  const kernel = Float32Array.from({ length: 3 * 3 * 3 * 6 }, () => rng() - 0.5);
  for (let k = 0; k < 27; k++) kernel[k * 6] = [1, -0.5, -0.5][k % 3] / 9;
  const dense = Float32Array.from({ length: 12 }, () => 0.2 * (rng() - 0.5));
  dense[0] = 5;
  tf.tidy(() => {
    model.getLayer('conv').setWeights([tf.tensor4d(kernel, [3, 3, 3, 6]), tf.zeros([6])]);
    model.getLayer('logits').setWeights([tf.tensor2d(dense, [6, 2]), tf.zeros([2])]);
  });
  return model;
}

const toInput = (scene: EvalScene) =>
  tf.tidy(() =>
    tf.tensor4d(
      Float32Array.from(scene.image.data, (v) => v / 127.5 - 1),
      [1, SIZE, SIZE, 3],
    ),
  );

function userSubject(model: tfl.LayersModel): EvalSubject {
  const adapter = layersModelAdapter(model, { layer: 'conv' });
  const randomisation = cascadingRandomisation(
    [
      { label: 'logits', slots: [layerSlot(model, 'logits')] },
      { label: 'conv', slots: [layerSlot(model, 'conv')] },
    ],
    7,
  );
  return {
    model: 'my-model',
    description: "a user's CNN, explained at 'conv'",
    layer: 'conv',
    itemsAre: 'class 0 in each picture, its square the truth',
    groupsAre: 'picture',
    items: (scene, index): EvalItem[] => [
      { model: 'my-model', scene: index, label: 'class 0', group: 'square', ...objectsTruth(scene, [0]) },
    ],
    input: toInput,
    explain: async (scene, items, variant) => {
      const input = toInput(scene);
      try {
        const result = await explain(
          adapter,
          input,
          items.map(() => classTarget(0)),
          {
            method: variant.method,
            counterfactual: variant.counterfactual,
          },
        );
        return result.maps.map((m) => m.map);
      } finally {
        input.dispose();
      }
    },
    scoreFn: (): ScoreFn => async (batch) => {
      const p = tf.tidy(() => tf.sigmoid((model.predict(batch) as tf.Tensor2D).slice([0, 0], [-1, 1])));
      const values = await p.data();
      p.dispose();
      return values;
    },
    randomisation,
    unsupported: (v) => (v.guided ? 'no guided gradients in this test' : undefined),
    dispose: () => {
      randomisation.dispose();
      model.dispose();
    },
  };
}

describe("the evaluation library on a user's own model and masks", () => {
  const scenes = pictures(6);
  let model: tfl.LayersModel;
  let report: Awaited<ReturnType<typeof evaluateSubjects>>['report'];
  let tensorsBefore: number;
  /** Hits of Grad-CAM's maximum, by a brute-force argmax over maps made directly with explain. */
  let bruteForceHits = 0;

  beforeAll(async () => {
    await selectBackend('cpu');
    tensorsBefore = tf.memory().numTensors;
    model = userModel();
    const adapter = layersModelAdapter(model, { layer: 'conv' });
    for (const scene of scenes) {
      const input = toInput(scene);
      const { data } = (await explain(adapter, input, [classTarget(0)])).maps[0].map;
      input.dispose();
      let best = 0;
      for (let p = 1; p < data.length; p++) if (data[p] > data[best]) best = p;
      bruteForceHits += scene.objects[0].mask[best];
    }
    const subject = userSubject(model);
    try {
      ({ report } = await evaluateSubjects([subject], scenes, {
        settings: withSubsets(
          { scenes: scenes.length, seed: 3, methods: ['gradcam', 'eigencam'], models: [] },
          {
            faithfulnessTargets: 2,
            occlusionTargets: 0,
            expensiveTargets: 0,
            randomisationTargets: 2,
            exampleScenes: 1,
          },
        ),
        pointingTargets: { 'my-model': 0.5 },
      }));
    } finally {
      subject.dispose();
    }
  });
  afterAll(() => expect(tf.memory().numTensors).toBe(tensorsBefore));

  it("reports the user's model under its name, one target per picture", () => {
    const m = report.models['my-model']!;
    expect(m.items).toBe(scenes.length);
    expect(m.rowOrder).toEqual([
      'gradcam',
      'eigencam',
      'gradcam (counterfactual)',
      'guided gradcam',
      'centre',
      'uniform',
      'random',
    ]);
    expect(m.skipped['guided gradcam']).toMatch(/no guided gradients/);
    expect(report.targets.map((t) => t.model)).toEqual(['my-model', 'my-model', 'my-model']);
  });

  it("scores Grad-CAM's pointing game as a brute-force argmax over the same maps does", () => {
    const pointing = report.models['my-model']!.rows.gradcam.pointing!;
    expect(pointing.n).toBe(scenes.length);
    expect(bruteForceHits).toBeGreaterThan(scenes.length / 2); // the red detector finds its squares
    expect(pointing.mean).toBeCloseTo(bruteForceHits / scenes.length, 12);
  });

  it("runs the model randomisation test on the user's layers, Spearman and SSIM", () => {
    const m = report.models['my-model']!;
    expect(m.randomisation.steps).toEqual(['logits', 'logits + conv']);
    // EigenCAM reads the activations only: randomising the dense head leaves its maps as they were.
    expect(m.rows.eigencam.randomisedHead!.mean).toBeCloseTo(1, 6);
    expect(m.rows.eigencam.ssimHead!.mean).toBeCloseTo(1, 6);
    expect(m.rows.gradcam.randomisedHead!.mean).toBeLessThan(0.99);
  });
});
