import type { MapData } from '@gradcam/core';
import type { RgbImage } from '@gradcam/render';
import type { Collector } from './collector';
import { randomisationTest } from './randomisation-test';
import { type SceneSubsets, scoreScene } from './score-scene';
import type { EvalSettings } from './settings';
import type { EvalItem, EvalScene, EvalSubject, MapVariant } from './types';
import { EXPENSIVE_ROWS } from './variants';

/** Maps kept for the HTML page: one scene, its items and every row's maps. */
export interface ExampleScene {
  scene: number;
  image: RgbImage;
  labels: string[];
  maps: Record<string, MapData[]>;
}

export interface SubjectRun {
  items: number;
  scenesWithItems: number;
  seconds: number;
  examples: ExampleScene[];
  /** Rows that were skipped, with the reason (e.g. no guided gradients). */
  skipped: Record<string, string>;
  /** Seconds spent per stage: explaining (per row), perturbation metrics, occlusion, randomisation. */
  timing: Record<string, number>;
}

/** The trained maps of a scene in the randomisation subset, by row, for the randomisation test. */
export interface TrainedMaps {
  scene: number;
  items: EvalItem[];
  maps: Map<string, MapData[]>;
}

/** Runs `work`, adding its seconds to the run's timing under `stage`. */
export type Timed = <T>(stage: string, work: () => Promise<T>) => Promise<T>;

/** Work units of one model's run, for the progress bar: one per scene, one per randomised row. */
export function subjectWork(settings: EvalSettings, randomisationSteps: number, variants: number): number {
  return settings.scenes + (settings.randomisationTargets > 0 ? randomisationSteps * variants : 0);
}

/**
 * Every row (method variants and baselines) on every scene of a model: localization on all
 * items, perturbation metrics, occlusion agreement and the expensive methods on the first scenes
 * only (scoreScene), then the cascading randomisation test on the first few (randomisationTest).
 */
export async function evaluateSubject<S extends EvalScene>(
  subject: EvalSubject<EvalItem, S>,
  scenes: readonly S[],
  variants: readonly MapVariant[],
  settings: EvalSettings,
  collector: Collector,
  tick: (what: string) => void,
): Promise<SubjectRun> {
  const started = performance.now();
  const run: SubjectRun = { items: 0, scenesWithItems: 0, seconds: 0, examples: [], skipped: {}, timing: {} };
  const timed: Timed = async (stage, work) => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      run.timing[stage] = (run.timing[stage] ?? 0) + (performance.now() - t0) / 1000;
    }
  };
  const usable = variants.filter((v) => {
    const reason = subject.unsupported?.(v);
    if (reason) run.skipped[v.name] = reason;
    return !reason;
  });
  const trained: TrainedMaps[] = [];
  const baselineSeed = { next: settings.seed * 7919 };

  for (let i = 0; i < scenes.length; i++) {
    const items = subject.items(scenes[i], i);
    // A scene belongs to a subset while the targets before it are fewer than the subset's size.
    const before = run.items;
    const subsets: SceneSubsets = {
      faithfulness: before < settings.faithfulnessTargets,
      occlusion: before < settings.occlusionTargets,
      expensive: before < settings.expensiveTargets,
      randomisation: before < settings.randomisationTargets,
      example: i < settings.exampleScenes,
    };
    if (items.length > 0) {
      run.items += items.length;
      run.scenesWithItems++;
      const maps = await scoreScene({
        subject,
        scene: scenes[i],
        items,
        usable,
        subsets,
        collector,
        timed,
        baselineSeed,
      });
      const methodRows = [...maps].filter(([row]) => usable.some((v) => v.name === row));
      if (subsets.randomisation) {
        const kept = methodRows.filter(([row]) => !EXPENSIVE_ROWS.has(row));
        trained.push({ scene: i, items, maps: new Map(kept) });
      }
      if (subsets.example)
        run.examples.push({
          scene: i,
          image: scenes[i].image,
          labels: items.map((it) => it.label),
          maps: Object.fromEntries(maps),
        });
    }
    tick(`${subject.model} scene ${i + 1}/${scenes.length}`);
  }

  if (subject.randomisation && trained.length > 0)
    await randomisationTest({ subject, scenes, usable, trained, collector, timed, tick });
  run.seconds = (performance.now() - started) / 1000;
  return run;
}
