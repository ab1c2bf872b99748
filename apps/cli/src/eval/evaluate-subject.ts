import type { MapData } from '@gradcam/core';
import { type OcclusionResult, rankCorrelation } from '@gradcam/metrics';
import type { RgbImage } from '@gradcam/render';
import type { Scene } from '@gradcam/shapeworld';
import type { Collector } from './collector';
import { occlusionOf, occlusionScore, perturbationScores } from './faithfulness';
import { localizationScores, peakPlace } from './localization';
import type { EvalSettings } from './settings';
import type { EvalItem, EvalSubject, MapVariant } from './types';
import { BASELINES, baselineMap, EXPENSIVE_ROWS } from './variants';

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

/** Work units of one model's run, for the progress bar: one per scene, one per randomised step. */
export function subjectWork(settings: EvalSettings, randomisationSteps: number): number {
  return settings.scenes + (settings.randomisationTargets > 0 ? randomisationSteps : 0);
}

/**
 * Every row (method variants and baselines) on every scene of a model: localization on all
 * items, perturbation metrics, occlusion agreement and the expensive methods on the first scenes
 * only, then the cascading randomisation test on the first few.
 */
export async function evaluateSubject(
  subject: EvalSubject,
  scenes: readonly Scene[],
  variants: readonly MapVariant[],
  settings: EvalSettings,
  collector: Collector,
  tick: (what: string) => void,
): Promise<SubjectRun> {
  const started = performance.now();
  const model = subject.model;
  const run: SubjectRun = { items: 0, scenesWithItems: 0, seconds: 0, examples: [], skipped: {}, timing: {} };
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
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
  const trained: { scene: number; items: EvalItem[]; maps: Map<string, MapData[]> }[] = [];
  let baselineSeed = settings.seed * 7919;

  for (let i = 0; i < scenes.length; i++) {
    const scene = scenes[i];
    const items = subject.items(scene, i);
    // A scene belongs to a subset while the targets before it are fewer than the subset's size.
    const before = run.items;
    const inSubset = {
      faithfulness: before < settings.faithfulnessTargets,
      occlusion: before < settings.occlusionTargets,
      expensive: before < settings.expensiveTargets,
      randomisation: before < settings.randomisationTargets,
    };
    if (items.length > 0) {
      run.items += items.length;
      run.scenesWithItems++;
      const image = subject.input(scene);
      try {
        const scoreFns = items.map((item) => subject.scoreFn(scene, item));
        const occlusions: OcclusionResult[] = [];
        if (inSubset.occlusion)
          for (const f of scoreFns)
            occlusions.push(await timed('occlusion maps', () => occlusionOf(f, image)));
        const record = async (row: string, maps: MapData[], isMethod: boolean) => {
          for (let k = 0; k < items.length; k++) {
            const local = localizationScores(maps[k], items[k]);
            collector.add(model, row, local);
            if (row === 'gradcam') {
              collector.addGroup(model, items[k].group, local.pointing);
              collector.addPeak(
                model,
                peakPlace(
                  maps[k],
                  items[k],
                  scene.objects.map((o) => o.mask),
                ),
              );
            }
            if (inSubset.faithfulness)
              collector.add(
                model,
                row,
                await timed('deletion/insertion, confidence', () =>
                  perturbationScores(scoreFns[k], image, maps[k]),
                ),
              );
            if (inSubset.occlusion)
              collector.add(model, row, { occlusion: occlusionScore(maps[k], occlusions[k]) });
          }
          if (isMethod && inSubset.randomisation && !EXPENSIVE_ROWS.has(row))
            keep(trained, i, items).maps.set(row, maps);
          if (i < settings.exampleScenes) example(run, i, scene, items).maps[row] = maps;
        };
        for (const variant of usable) {
          if (EXPENSIVE_ROWS.has(variant.name) && !inSubset.expensive) continue;
          const maps = await timed(`explain ${variant.name}`, () => subject.explain(scene, items, variant));
          await record(variant.name, maps, true);
        }
        for (const name of BASELINES) {
          const maps = items.map(() => baselineMap(name, scene.width, scene.height, baselineSeed++));
          await record(name, maps, false);
        }
      } finally {
        image.dispose();
      }
    }
    tick(`${model} scene ${i + 1}/${scenes.length}`);
  }

  const randomisation = subject.randomisation;
  if (randomisation && trained.length > 0) {
    try {
      for (let step = 0; step < randomisation.steps.length; step++) {
        randomisation.randomise(step);
        for (const { scene, items, maps } of trained) {
          for (const variant of usable) {
            const reference = maps.get(variant.name);
            if (!reference) continue;
            const randomised = await timed('randomisation', () =>
              subject.explain(scenes[scene], items, variant),
            );
            randomised.forEach((m, k) => {
              collector.addRandomisation(
                model,
                variant.name,
                randomisation.steps[step],
                rankCorrelation(reference[k].data, m.data),
              );
              const key =
                step === 0
                  ? 'randomisedHead'
                  : step === randomisation.steps.length - 1
                    ? 'randomisedAll'
                    : undefined;
              if (key)
                collector.add(model, variant.name, { [key]: rankCorrelation(reference[k].data, m.data) });
            });
          }
        }
        tick(`${model} randomised ${randomisation.steps[step]}`);
      }
    } finally {
      randomisation.restore();
    }
  }
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

function keep(
  trained: { scene: number; items: EvalItem[]; maps: Map<string, MapData[]> }[],
  scene: number,
  items: EvalItem[],
) {
  let entry = trained.find((t) => t.scene === scene);
  if (!entry) {
    entry = { scene, items, maps: new Map() };
    trained.push(entry);
  }
  return entry;
}

function example(run: SubjectRun, scene: number, s: Scene, items: EvalItem[]): ExampleScene {
  let entry = run.examples.find((e) => e.scene === scene);
  if (!entry) {
    entry = { scene, image: s.image, labels: items.map((it) => it.label), maps: {} };
    run.examples.push(entry);
  }
  return entry;
}
