import { Collector } from './collector';
import { type ExampleScene, evaluateSubject, subjectWork } from './evaluate-subject';
import type { EvalReport } from './report-types';
import type { EvalSettings } from './settings';
import { summarise } from './summarise';
import { checkTargets } from './targets';
import type { EvalItem, EvalScene, EvalSubject } from './types';
import { BASELINES, EXPENSIVE_ROWS, mapVariants } from './variants';

export interface EvaluateOptions {
  settings: EvalSettings;
  /** Written into the report, to say how the run can be repeated. */
  version?: string;
  command?: string;
  backend?: string;
  /** Grad-CAM's strict pointing target per model (the reference models have the issue's). */
  pointingTargets?: Record<string, number>;
  /** Called with the total work once, then once per unit done. */
  progress?: { start(total: number): void; tick(what: string): void; stop(): void };
}

export const POINTING_NOTES = [
  "Pointing (strict) scores a hit when the map's maximum (first one in row-major order) lies inside the mask of an object the target names; ±4px also counts maxima within Zhang et al.'s tolerance (15 px at 224, scaled to the image: 4 px at 64), both from @gradcam/metrics' pointingHits.",
  'The counterfactual row explains the evidence against the target: low localization is what it should get. The uniform baseline scores 0 average drop because multiplying by a map of ones changes nothing: that metric alone cannot rank maps.',
];

/**
 * The evaluation of any models on any scenes with masks: every method variant of
 * `settings.methods` and every baseline, on every subject, summarised with bootstrap intervals
 * and checked against the pointing targets. The reference models' run (runEval) is this on
 * ShapeWorld; a user passes subjects of their own. The caller disposes the subjects.
 */
export async function evaluateSubjects<S extends EvalScene>(
  subjects: readonly EvalSubject<EvalItem, S>[],
  scenes: readonly S[],
  options: EvaluateOptions,
): Promise<{ report: EvalReport; examples: Record<string, ExampleScene[]> }> {
  const { settings } = options;
  const started = performance.now();
  const variants = mapVariants(settings.methods);
  const rowOrder = [...variants.map((v) => v.name), ...BASELINES];
  const gradientRows = variants.filter((v) => !EXPENSIVE_ROWS.has(v.name)).length;
  const report: EvalReport = {
    version: options.version ?? '',
    command: options.command ?? '',
    backend: options.backend ?? '',
    settings,
    seconds: 0,
    models: {},
    missing: {},
    targets: [],
    notes: [...POINTING_NOTES],
  };
  const examples: Record<string, ExampleScene[]> = {};
  const collector = new Collector();
  const total = subjects.reduce(
    (n, s) => n + subjectWork(settings, s.randomisation?.steps.length ?? 0, gradientRows),
    0,
  );
  options.progress?.start(total);
  try {
    for (const subject of subjects) {
      const run = await evaluateSubject(subject, scenes, variants, settings, collector, (w) =>
        options.progress?.tick(w),
      );
      const summary = summarise(collector, subject.model, rowOrder, settings.seed);
      report.models[subject.model] = {
        ...summary,
        description: subject.description,
        layer: subject.layer,
        items: run.items,
        scenesWithItems: run.scenesWithItems,
        seconds: run.seconds,
        rowOrder,
        skipped: run.skipped,
        timing: run.timing,
        itemsAre: subject.itemsAre,
        groupsAre: subject.groupsAre,
      };
      const target = options.pointingTargets?.[subject.model];
      report.targets.push(
        ...(target === undefined
          ? checkTargets(subject.model, summary)
          : checkTargets(subject.model, summary, target)),
      );
      examples[subject.model] = run.examples;
    }
  } finally {
    options.progress?.stop();
  }
  report.seconds = (performance.now() - started) / 1000;
  return { report, examples };
}
