import { classTarget, explain } from '@gradcam/core';
import { pointingHits, unionMask, zhangTolerance } from '@gradcam/metrics';
import { layersModelAdapter } from '@gradcam/tfjs';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Scene } from '../world/scene';
import { CLASSIFIER_CLASSES } from './classifier';
import { scenesToTensor } from './classifier-data';
import { FEATURES_LAYER } from './encoder';

/** Zhang et al.'s tolerance at ShapeWorld's 64 pixels (4): @gradcam/metrics defines it. */
export const STANDARD_TOLERANCE = zhangTolerance(64, 64);

export interface PointingScore {
  hits: number;
  total: number;
  share: number;
}

export interface PointingGame {
  tolerance: number;
  /** The map of the top-scoring class peaks on an object of that shape. */
  topClass: PointingScore;
  /** The same for every shape present in the scene, predicted or not. */
  presentShapes: PointingScore;
}

const score = (hits: number, total: number) => ({ hits, total, share: total ? hits / total : 0 });

/**
 * The pointing game on the classifier: Grad-CAM at `layer` for a class scores a hit when the
 * map's maximum (at image resolution) lies inside the mask of an object of that shape, or within
 * `tolerance` pixels of one (default 0: strictly inside).
 */
export async function pointingGame(
  model: LayersModel,
  scenes: readonly Scene[],
  options: { layer?: string; tolerance?: number } = {},
): Promise<PointingGame> {
  const tolerance = options.tolerance ?? 0;
  const adapter = layersModelAdapter(model, { layer: options.layer ?? FEATURES_LAYER });
  const input = scenesToTensor(scenes);
  let logits: number[][];
  let explanation: Awaited<ReturnType<typeof explain>>;
  try {
    const output = model.predict(input) as tf.Tensor2D;
    try {
      logits = (await output.array()) as number[][];
    } finally {
      output.dispose();
    }
    const targets = CLASSIFIER_CLASSES.map((shape, c) => classTarget(c, { label: shape }));
    explanation = await explain(adapter, input, targets);
  } finally {
    input.dispose();
  }
  const hit = (sample: number, c: number) => {
    const { map } = explanation.maps.find((m) => m.sample === sample && m.target === c)!;
    const masks = scenes[sample].objects.filter((o) => o.shape === CLASSIFIER_CLASSES[c]).map((o) => o.mask);
    return pointingHits(map, unionMask(masks, map.width, map.height), { tolerance }).near;
  };
  let topHits = 0;
  let presentHits = 0;
  let present = 0;
  scenes.forEach((scene, i) => {
    if (hit(i, logits[i].indexOf(Math.max(...logits[i])))) topHits++;
    CLASSIFIER_CLASSES.forEach((shape, c) => {
      if (!scene.objects.some((o) => o.shape === shape)) return;
      present++;
      if (hit(i, c)) presentHits++;
    });
  });
  return { tolerance, topClass: score(topHits, scenes.length), presentShapes: score(presentHits, present) };
}
