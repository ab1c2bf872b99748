import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExampleScene } from './evaluate-subject';
import { type EvaluateOptions, evaluateSubjects } from './evaluate-subjects';
import { writeEvalHtml } from './html';
import { evalMarkdown } from './markdown';
import type { EvalReport } from './report-types';
import { evalScenes } from './scenes';
import { loadSubject } from './subjects';
import type { EvalModel, EvalSubject } from './types';

export interface EvalRunOptions extends EvaluateOptions {
  outDir: string;
}

export interface EvalRunResult {
  report: EvalReport;
  markdown: string;
  files: string[];
}

/** eval.md, eval.json and eval.html (with examples/) in `outDir`; returns the Markdown and the files. */
export async function writeEvalReports(
  outDir: string,
  report: EvalReport,
  examples: Record<string, ExampleScene[]>,
): Promise<{ markdown: string; files: string[] }> {
  const markdown = evalMarkdown(report);
  await mkdir(outDir, { recursive: true });
  const files = ['eval.md', 'eval.json', 'eval.html'].map((f) => join(outDir, f));
  await writeFile(files[0], markdown);
  await writeFile(files[1], `${JSON.stringify(report, null, 2)}\n`);
  await writeEvalHtml(outDir, report, examples);
  return { markdown, files };
}

/**
 * `gradcam eval`: the ShapeWorld reference models named in the settings, loaded from their
 * committed weights, on the held-out evaluation scenes; then the three reports.
 */
export async function runEval(options: EvalRunOptions): Promise<EvalRunResult> {
  const { settings } = options;
  const started = performance.now();
  const subjects: EvalSubject[] = [];
  const missing: EvalReport['missing'] = {};
  try {
    for (const model of settings.models) {
      const subject = await loadSubject(model as EvalModel, settings.seed);
      if (typeof subject === 'string') missing[model] = subject;
      else subjects.push(subject);
    }
  } catch (error) {
    // The models loaded before the one that failed are freed here; later, the finally below does it.
    for (const s of subjects) s.dispose();
    throw error;
  }
  let evaluated: Awaited<ReturnType<typeof evaluateSubjects>>;
  try {
    evaluated = await evaluateSubjects(subjects, evalScenes(settings.seed, settings.scenes), options);
  } finally {
    for (const s of subjects) s.dispose();
  }
  const report = { ...evaluated.report, missing, seconds: (performance.now() - started) / 1000 };
  return { report, ...(await writeEvalReports(options.outDir, report, evaluated.examples)) };
}
