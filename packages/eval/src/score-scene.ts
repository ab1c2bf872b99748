import type { MapData } from '@gradcam/core';
import type { OcclusionResult } from '@gradcam/metrics';
import type { Collector } from './collector';
import type { Timed } from './evaluate-subject';
import { occlusionOf, occlusionScore, perturbationScores } from './faithfulness';
import { localizationScores, peakPlace } from './localization';
import type { EvalItem, EvalScene, EvalSubject, MapVariant } from './types';
import { BASELINES, baselineMap, EXPENSIVE_ROWS } from './variants';

/** Which of the run's subsets a scene belongs to (see EvalSettings). */
export interface SceneSubsets {
  faithfulness: boolean;
  occlusion: boolean;
  expensive: boolean;
  randomisation: boolean;
  example: boolean;
}

export interface SceneJob<S extends EvalScene> {
  subject: EvalSubject<EvalItem, S>;
  scene: S;
  items: EvalItem[];
  usable: readonly MapVariant[];
  subsets: SceneSubsets;
  collector: Collector;
  timed: Timed;
  /** The next baseline map's seed; advanced by every random map drawn. */
  baselineSeed: { next: number };
}

/**
 * One scene of a model: every usable method variant (the expensive ones only in their subset) and
 * every baseline explains the scene's items, and each map is scored: localization always,
 * deletion/insertion and the confidence change, and occlusion agreement, in their subsets.
 * Returns the maps by row.
 */
export async function scoreScene<S extends EvalScene>(job: SceneJob<S>): Promise<Map<string, MapData[]>> {
  const { subject, scene, items, subsets, collector, timed } = job;
  const rows = new Map<string, MapData[]>();
  const image = subject.input(scene);
  try {
    const scoreFns = items.map((item) => subject.scoreFn(scene, item));
    const occlusions: OcclusionResult[] = [];
    if (subsets.occlusion)
      for (const f of scoreFns) occlusions.push(await timed('occlusion maps', () => occlusionOf(f, image)));
    const record = async (row: string, maps: MapData[]) => {
      rows.set(row, maps);
      for (let k = 0; k < items.length; k++) {
        const local = localizationScores(maps[k], items[k]);
        collector.add(subject.model, row, local);
        if (row === 'gradcam') {
          collector.addGroup(subject.model, items[k].group, local.pointing);
          const objectMasks = scene.objects.map((o) => o.mask);
          collector.addPeak(subject.model, peakPlace(maps[k], items[k], objectMasks));
        }
        if (subsets.faithfulness) {
          const scores = await timed('deletion/insertion, confidence', () =>
            perturbationScores(scoreFns[k], image, maps[k]),
          );
          collector.add(subject.model, row, scores);
        }
        if (subsets.occlusion)
          collector.add(subject.model, row, { occlusion: occlusionScore(maps[k], occlusions[k]) });
      }
    };
    for (const variant of job.usable) {
      if (EXPENSIVE_ROWS.has(variant.name) && !subsets.expensive) continue;
      const maps = await timed(`explain ${variant.name}`, () => subject.explain(scene, items, variant));
      await record(variant.name, maps);
    }
    for (const name of BASELINES) {
      const maps = items.map(() => baselineMap(name, scene.width, scene.height, job.baselineSeed.next++));
      await record(name, maps);
    }
  } finally {
    image.dispose();
  }
  return rows;
}
