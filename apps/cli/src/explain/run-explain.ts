import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeBackend, useBackend } from '../backend';
import { formatFailure } from '../errors';
import type { GlobalOptions } from '../global-options';
import type { Execution } from '../model/body-execution';
import { type OpenModel, openModel } from '../model/open-model';
import { describeNormalization } from '../model/preprocessing';
import { outputFolder } from '../output-folder';
import { startProgress } from '../progress';
import { printOutOfDomainNote } from '../shapeworld/out-of-domain';
import { VERSION } from '../version';
import type { Annotations } from './annotations';
import { describeChoice } from './class-choice';
import { type BatchFailure, type BatchResult, explainImages } from './explain-images';
import { expandImagePaths } from './image-paths';
import { assertLabelsFit } from './labels-file';
import { checkBeforeImages, describeModel } from './preflight';
import { explainReport } from './report';
import type { ExplainSettings, OutputFormat } from './settings';
import type { RunInfo, RunSummary } from './summary';

export interface ExplainRequest extends ExplainSettings {
  model: string;
  image: string[];
  layers: string[];
  /** The scored output of --model, by name (default: its only one). */
  output?: string;
  /** Where a TF.js model's body runs (--execution). */
  execution?: Execution;
  out: string;
  formats: OutputFormat[];
  colormap: string;
  /** Opens the model instead of `openModel(model)`, e.g. the bundled classifier; `model` names it. */
  open?: () => Promise<OpenModel>;
  /** Class names and ground truth, when the CLI knows them. */
  annotations?: Annotations;
}

/**
 * `gradcam explain` from parsed options to files and report. Problems that concern the whole run
 * (paths, model, options) throw before the first image; a failing image is one line on stderr at
 * the end and exit code 1, after the others are done.
 */
export async function runExplain(request: ExplainRequest, global: GlobalOptions): Promise<void> {
  const print = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  // Cheap checks first: a typo in a path fails before the backend and the model load.
  const files = await expandImagePaths(request.image);
  if (request.annotations?.notice) printOutOfDomainNote(request.annotations.notice);
  const out = await outputFolder(request.out);
  const backend = await useBackend(global.backend);
  describeBackend(backend, global.verbose).forEach(print);
  const model = request.open
    ? await request.open()
    : await openModel(request.model, {
        layers: request.layers,
        output: request.output,
        execution: request.execution,
        preprocessing: request.preprocessing,
      });
  try {
    checkBeforeImages(model, request.choice, request.guided);
    assertLabelsFit(request.annotations, model.outputShape?.at(-1));
    describeModel(model, describeNormalization(request.preset, request.preprocessing ?? {})).forEach(print);
    const counterfactual = request.counterfactual ? ' (counterfactual)' : '';
    print(
      `method: ${request.method}${counterfactual}; explaining ${describeChoice(request.choice)} of ${files.length} image(s)`,
    );
    const run = runInfo(request, model, { name: backend.name, reason: backend.reason });
    const started = performance.now();
    const progress = startProgress(files.length, { title: 'explaining images', quiet: global.quiet });
    let result: BatchResult;
    try {
      result = await explainImages(model, files, {
        ...request,
        out,
        run,
        onImage: (file) => progress.tick(file),
      });
    } finally {
      progress.stop();
    }
    const summary: RunSummary = {
      ...run,
      images: result.images,
      failures: result.failures.map(({ image, message }) => ({ image, message })),
      timeMs: performance.now() - started,
    };
    await writeFile(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    print('');
    explainReport(summary, out).forEach(print);
    for (const failure of result.failures) process.stderr.write(`${failureLine(failure, global.verbose)}\n`);
    if (result.failures.length > 0) process.exitCode = 1;
  } finally {
    model.dispose();
  }
}

function runInfo(request: ExplainRequest, model: OpenModel, backend: RunInfo['backend']): RunInfo {
  return {
    command: 'gradcam explain',
    version: VERSION,
    backend,
    model: {
      source: request.model,
      kind: model.kind,
      inputSize: [model.input.height, model.input.width],
      scoresLogits: model.scoresLogits,
    },
    layers: model.layers,
    method: request.method,
    compare: request.compare ?? [],
    counterfactual: request.counterfactual,
    guided: request.guided,
    verify: request.verify ?? false,
    preset: describeNormalization(request.preset, request.preprocessing ?? {}),
    targets: describeChoice(request.choice),
    formats: request.formats,
    ...(request.annotations?.notice ? { notice: request.annotations.notice } : {}),
  };
}

/** The CLI's one-line form with the file named; the original stack only with --verbose. */
function failureLine(failure: BatchFailure, verbose: boolean): string {
  const stack = failure.error instanceof Error ? failure.error.stack : undefined;
  return formatFailure(Object.assign(new Error(failure.message), { stack }), verbose);
}
