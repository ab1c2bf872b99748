import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Collector } from './collector';
import { type ExampleScene, evaluateSubject, subjectWork } from './evaluate-subject';
import { writeEvalHtml } from './html';
import { evalMarkdown } from './markdown';
import type { EvalReport } from './report-types';
import { evalScenes } from './scenes';
import type { EvalSettings } from './settings';
import { ITEMS_ARE, loadSubject } from './subjects';
import { summarise } from './summarise';
import { checkTargets } from './targets';
import type { EvalModel, EvalSubject } from './types';
import { BASELINES, mapVariants } from './variants';

export interface EvalRunOptions {
  settings: EvalSettings;
  outDir: string;
  version: string;
  command: string;
  backend: string;
  /** Called with the total work once the models are loaded, then once per unit done. */
  progress?: { start(total: number): void; tick(what: string): void; stop(): void };
}

export interface EvalRunResult {
  report: EvalReport;
  markdown: string;
  files: string[];
}

/** `gradcam eval`: every model asked for, every method and baseline, then the three reports. */
export async function runEval(options: EvalRunOptions): Promise<EvalRunResult> {
  const { settings } = options;
  const started = performance.now();
  const scenes = evalScenes(settings.seed, settings.scenes);
  const variants = mapVariants(settings.methods);
  const rowOrder = [...variants.map((v) => v.name), ...BASELINES];
  const subjects: EvalSubject[] = [];
  const missing: EvalReport['missing'] = {};
  try {
    for (const model of settings.models) {
      const subject = await loadSubject(model, settings.seed);
      if (typeof subject === 'string') missing[model] = subject;
      else subjects.push(subject);
    }
  } catch (error) {
    // The models loaded before the one that failed are freed here; later, the finally below does it.
    for (const s of subjects) s.dispose();
    throw error;
  }
  const collector = new Collector();
  const report: EvalReport = {
    version: options.version,
    command: options.command,
    backend: options.backend,
    settings,
    seconds: 0,
    models: {},
    missing,
    targets: [],
    notes: [
      "Pointing (strict) scores a hit when the map's maximum (first one in row-major order) lies inside the mask of an object the target names; ±4px also counts maxima within 4 pixels of it (Zhang et al.'s 15 px at 224, scaled to 64).",
      'The counterfactual row explains the evidence against the target: low localization is what it should get. The uniform baseline scores 0 average drop because multiplying by a map of ones changes nothing: that metric alone cannot rank maps.',
    ],
  };
  const examples: Partial<Record<EvalModel, ExampleScene[]>> = {};
  const total = subjects.reduce((n, s) => n + subjectWork(settings, s.randomisation?.steps.length ?? 0), 0);
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
        itemsAre: ITEMS_ARE[subject.model].items,
        groupsAre: ITEMS_ARE[subject.model].groups,
      };
      report.targets.push(...checkTargets(subject.model, summary));
      examples[subject.model] = run.examples;
    }
  } finally {
    options.progress?.stop();
    for (const s of subjects) s.dispose();
  }
  report.seconds = (performance.now() - started) / 1000;
  const markdown = evalMarkdown(report);
  await mkdir(options.outDir, { recursive: true });
  const files = ['eval.md', 'eval.json', 'eval.html'].map((f) => join(options.outDir, f));
  await writeFile(files[0], markdown);
  await writeFile(files[1], `${JSON.stringify(report, null, 2)}\n`);
  await writeEvalHtml(options.outDir, report, examples);
  return { report, markdown, files };
}
