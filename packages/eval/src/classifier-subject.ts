import { classTarget, explain, type MapData } from '@gradcam/core';
import type { ScoreFn } from '@gradcam/metrics';
import { CLASSIFIER_CLASSES, type LoadedClassifier, type Scene, scenesToTensor } from '@gradcam/shapeworld';
import { layersModelAdapter } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { objectsTruth } from './ground-truth';
import { guidedToMap } from './guided-map';
import { cascadingRandomisation, ENCODER_TOP_DOWN, encoderGroups, layerSlot } from './randomise-layers';
import type { EvalItem, EvalSubject, MapVariant } from './types';

export interface ClassItem extends EvalItem {
  classIndex: number;
}

/**
 * The ShapeWorld shape-presence classifier: every shape present in a scene is a target (whether
 * or not the model finds it: the ground truth decides what should be explained), its objects of
 * that shape the truth. Faithfulness scores are sigmoid probabilities of the class's logit.
 */
export function classifierSubject(loaded: LoadedClassifier, seed: number): EvalSubject<ClassItem, Scene> {
  const { model, info } = loaded;
  const layer = info.featuresLayer;
  const adapter = layersModelAdapter(model, { layer });
  // The dense head first, then the encoder's convolutions from the top down.
  const randomisation = cascadingRandomisation(
    [{ label: 'logits', slots: [layerSlot(model, 'logits')] }, ...encoderGroups(model, ENCODER_TOP_DOWN)],
    seed,
  );
  const targets = CLASSIFIER_CLASSES.map((shape, c) => classTarget(c, { label: shape }));
  return {
    model: 'classifier',
    itemsAre: 'each shape present in a scene, its objects of that shape the truth',
    groupsAre: 'shape',
    description: `shape-presence classifier (${info.classes.join(', ')}), explained at '${layer}'`,
    layer,
    items: (scene, index) =>
      CLASSIFIER_CLASSES.flatMap((shape, classIndex) => {
        const objects = scene.objects.flatMap((o, i) => (o.shape === shape ? [i] : []));
        if (objects.length === 0) return [];
        return [
          {
            model: 'classifier' as const,
            scene: index,
            label: shape,
            group: shape,
            classIndex,
            ...objectsTruth(scene, objects),
          },
        ];
      }),
    input: (scene) => scenesToTensor([scene]),
    explain: async (scene, items, variant: MapVariant) => {
      const input = scenesToTensor([scene]);
      try {
        const result = await explain(
          adapter,
          input,
          items.map((item) => targets[item.classIndex]),
          { method: variant.method, counterfactual: variant.counterfactual, guided: variant.guided },
        );
        return result.maps.map((m): MapData => (variant.guided ? guidedToMap(m.guidedGradCam!) : m.map));
      } finally {
        input.dispose();
      }
    },
    scoreFn:
      (_scene, item): ScoreFn =>
      async (batch) => {
        const probabilities = tf.tidy(() =>
          tf.sigmoid((model.predict(batch) as tf.Tensor2D).slice([0, item.classIndex], [-1, 1])),
        );
        const values = await probabilities.data();
        probabilities.dispose();
        return values;
      },
    randomisation: {
      steps: randomisation.steps,
      randomise: randomisation.randomise,
      restore: randomisation.restore,
    },
    dispose: () => {
      randomisation.dispose();
      model.dispose();
    },
  };
}
