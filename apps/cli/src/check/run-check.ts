import { classTarget, explain } from '@gradcam/core';
import type { PresetName } from '@gradcam/render';
import type * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../backend';
import { type ClassChoice, chooseClasses, describeChoice } from '../explain/class-choice';
import { classScores } from '../explain/class-scores';
import type { GlobalOptions } from '../global-options';
import { type OpenModel, openModel } from '../model/open-model';
import type { PreprocessingOptions } from '../model/preprocessing';
import { VERSION } from '../version';
import { checkReportLines } from './check-report';
import { explainableLayers } from './explainable-layers';
import { sampleInput } from './sample-input';

export interface CheckRequest {
  model: string;
  /** None: every explainable layer. */
  layers: string[];
  /** The scored output, by name (default: the only one). */
  output?: string;
  /** --channels and --size, for a model that leaves them open. */
  shape?: PreprocessingOptions;
  image?: string;
  seed: number;
  preset: PresetName;
  choice: ClassChoice;
  directions: number;
  topChannels: number;
  threshold: number;
  json: boolean;
}

/** One layer's verdict. `error` when the explanation itself failed there (e.g. a refused kernel). */
export interface LayerCheck {
  layer: string;
  shape: readonly (number | null)[];
  maxRelError: number | null;
  passed: boolean;
  /** What the check cost: evaluations of the model's head (the gradient counts as one). */
  headEvaluations: number;
  timeMs: number;
  error?: string;
}

export interface CheckReport {
  command: 'gradcam check';
  version: string;
  backend: { name: string; reason: string; fixes: string[] };
  model: { source: string; kind: OpenModel['kind'] };
  sample: string;
  target: { class: number; chosen: string };
  threshold: number;
  directions: { random: number; topChannels: number };
  layers: LayerCheck[];
  passed: boolean;
  timeMs: number;
}

/**
 * `gradcam check`: the gradient check of `explain --verify` at every explainable layer (or the
 * named ones) on one sample input, one row per layer. Exit code 1 when any layer fails.
 */
export async function runCheck(request: CheckRequest, global: GlobalOptions): Promise<void> {
  const started = performance.now();
  const backend = await useBackend(global.backend);
  const names =
    request.layers.length > 0
      ? request.layers
      : await explainableLayers(request.model, request.output, request.shape);
  const model = await openModel(request.model, {
    layers: names,
    output: request.output,
    preprocessing: request.shape,
  });
  try {
    const { input, description } = await sampleInput(model.input, request);
    try {
      const [target] = chooseClasses(await classScores(model, input), request.choice);
      const layers: LayerCheck[] = [];
      for (const [i, adapter] of model.adapters.entries()) {
        layers.push(await checkLayer(adapter, model.layers[i].shape, input, target.class, request));
      }
      const report: CheckReport = {
        command: 'gradcam check',
        version: VERSION,
        backend: { name: backend.name, reason: backend.reason, fixes: backend.fixes },
        model: { source: request.model, kind: model.kind },
        sample: description,
        target: { class: target.class, chosen: describeChoice(request.choice) },
        threshold: request.threshold,
        directions: { random: request.directions, topChannels: request.topChannels },
        layers,
        passed: layers.every((l) => l.passed),
        timeMs: performance.now() - started,
      };
      const text = request.json ? [JSON.stringify(report, null, 2)] : checkReportLines(report);
      process.stdout.write(`${text.join('\n')}\n`);
      if (!report.passed) process.exitCode = 1;
    } finally {
      input.dispose();
    }
  } finally {
    model.dispose();
  }
}

async function checkLayer(
  adapter: OpenModel['adapters'][number],
  shape: readonly (number | null)[],
  input: tf.Tensor4D,
  target: number,
  request: CheckRequest,
): Promise<LayerCheck> {
  const started = performance.now();
  const verify = {
    directions: request.directions,
    topChannels: request.topChannels,
    threshold: request.threshold,
    seed: request.seed,
    onFail: 'report' as const,
  };
  try {
    const result = await explain(adapter, input, classTarget(target), { verify });
    const v = result.verification;
    return {
      layer: adapter.layer,
      shape,
      maxRelError: v?.maxRelError ?? null,
      passed: v?.passed ?? false,
      headEvaluations: v?.headEvaluations ?? 0,
      timeMs: performance.now() - started,
    };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
    return {
      layer: adapter.layer,
      shape,
      maxRelError: null,
      passed: false,
      headEvaluations: 0,
      timeMs: performance.now() - started,
      error: message,
    };
  }
}
