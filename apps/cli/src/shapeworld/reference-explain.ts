import { resolve } from 'node:path';
import type { MapData } from '@gradcam/core';
import { CLASSIFIER_CLASSES, type Scene } from '@gradcam/shapeworld';
import type { Annotations, ClassTruth } from '../explain/annotations';
import type { ExplainRequest } from '../explain/run-explain';
import { outputFolder } from '../output-folder';
import { type SceneFile, sceneSeeds, writeGeneratedScenes } from './generated-scenes';
import { gradeMap } from './ground-truth';
import { outOfDomainNote } from './out-of-domain';
import { openReferenceClassifier, REFERENCE_CLASSIFIER } from './reference-classifier';

/** The preset the bundled models were trained with: RGB / 127.5 - 1. */
export const REFERENCE_PRESET = 'tf';

export interface ReferenceInputs {
  /** Images given with --image; none: generated scenes. */
  image?: string[];
  seed: number;
  scenes: number;
}

/** Ground truth of a class on a scene: the objects of that shape, and how the map finds them. */
export function classTruth(scene: Scene, shape: string, map: MapData): ClassTruth {
  const objects = scene.objects.filter((o) => o.shape === shape);
  return { present: objects.length > 0, grade: gradeMap(map, objects) };
}

/**
 * `gradcam explain` without --model: the ShapeWorld classifier committed with
 * @gradcam/shapeworld, on the images given or, without --image, on scenes generated from --seed
 * (written into --out as scene-<seed>.png), whose objects grade every map.
 */
export async function referenceExplainRequest(
  request: Omit<ExplainRequest, 'model' | 'image'>,
  inputs: ReferenceInputs,
): Promise<ExplainRequest> {
  let generated: SceneFile[] = [];
  let image = inputs.image;
  if (!image) {
    const out = await outputFolder(request.out);
    generated = await writeGeneratedScenes(out, sceneSeeds(inputs.seed, inputs.scenes));
    image = generated.map((g) => g.file);
  }
  const scenes = new Map(generated.map((g) => [resolve(g.file), g.scene]));
  const annotations: Annotations = {
    classNames: CLASSIFIER_CLASSES,
    notice: inputs.image ? outOfDomainNote('classifier') : undefined,
    truth(file, classIndex, map) {
      const scene = scenes.get(resolve(file));
      return scene && classTruth(scene, CLASSIFIER_CLASSES[classIndex], map);
    },
  };
  return {
    ...request,
    model: REFERENCE_CLASSIFIER,
    image,
    annotations,
    open: async () => (await openReferenceClassifier(request.layers)).model,
  };
}
