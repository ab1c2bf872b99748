import type { MapData } from '@gradcam/core';
import type { ReportPanel } from '@gradcam/render';
import { FEATURES_LAYER, type Scene } from '@gradcam/shapeworld';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { overlayPng } from '../report/images';
import { gradeMetrics, type TruthGrade } from '../shapeworld/ground-truth';

/** One explained thing (a word, an answer, a class) with its grade when the scene says where it is. */
export interface GradedItem {
  label: string;
  score: number;
  grade?: TruthGrade;
}

/** What every task of the demo needs about the scene it explains. */
export interface SceneContext {
  seed: number;
  scene: Scene;
  /** The scene as the reference models' input, `[1, 64, 64, 3]`; the job disposes it. */
  input: Tensor4D;
  method: string;
  outputSize: [number, number];
  /** `red circle`, ... in the scene's order. */
  objects: string[];
}

export const objectsOf = (scene: Scene, ids: readonly number[]) => ids.map((i) => scene.objects[i]);

/** A report panel: the map over the scene, the grade's figures when there is one, and `extra`. */
export async function panelOf(
  context: SceneContext,
  label: string,
  map: MapData,
  grade: TruthGrade | undefined,
  extra: Partial<ReportPanel>,
): Promise<ReportPanel> {
  return {
    label,
    maps: { [context.method]: await overlayPng(context.scene.image, map, 'jet') },
    ...(grade ? { metrics: gradeMetrics(grade) } : {}),
    ...extra,
  };
}

/** A section's header: `subtitle` is `kind: detail` (the detail becomes the page's subtitle). */
export function sectionMeta(context: SceneContext, subtitle: string, model: string, timeMs: number) {
  const colon = subtitle.indexOf(':');
  return {
    title: `scene ${context.seed}: ${colon < 0 ? subtitle : subtitle.slice(0, colon)}`,
    subtitle: colon < 0 ? undefined : subtitle.slice(colon + 1).trim(),
    command: 'gradcam demo',
    layers: [FEATURES_LAYER],
    model,
    timeMs,
    colormap: 'jet',
    details: { seed: String(context.seed), objects: context.objects.join(', ') },
  };
}
