import * as tf from '@tensorflow/tfjs-core';
import { fail } from '../errors';
import type { CamMethod } from '../methods/method';
import { weightedChannelSum } from '../postprocess/maps';
import type { BodyContext, ExplainableModel, ExplainOptions, HeadOutputs, Target } from '../types';
import { gradientCams } from './gradient-pass';
import { perturbationWeights } from './perturbation-pass';
import { allRows, disposeContext, gatherContext, gatherSamples, type Row, scoreAllTargets } from './rows';
import { assertActivations } from './validate';
import { type LayerVerification, verifyLayer } from './verify';

/** The raw maps of one explained layer, one per row (target-major), and what produced them. */
export interface LayerCams {
  rows: Row[];
  raw: tf.Tensor3D;
  weights?: tf.Tensor2D;
  scores: Float32Array;
  activationShape: number[];
  passes: { rowsPerPass: number; count: number };
  /** With `verify`: the head's gradient against finite differences, per row. */
  verification?: LayerVerification;
}

export type AnyModel<I> = ExplainableModel<I, BodyContext, HeadOutputs>;

export async function layerCams<I>(
  model: AnyModel<I>,
  input: I,
  targets: Target[],
  method: CamMethod,
  options: ExplainOptions,
  inputSize: [number, number] | undefined,
): Promise<LayerCams> {
  const { activations, context } = model.body(input);
  try {
    assertActivations(activations, model.layer);
    const batch = activations.shape[0];
    // Gradient passes check the targets on the outputs they compute anyway.
    if (method.kind !== 'gradient') validateTargetsOnOutputs(model, activations, context, targets);
    const rows = allRows(batch, targets.length);
    const activationShape = activations.shape.slice();
    if (method.kind === 'gradient') {
      const cams = await gradientCams(model, activations, context, rows, targets, method, options);
      try {
        const verification = options.verify
          ? verifyLayer(model, activations, context, rows, targets, options)
          : undefined;
        return { ...cams, activationShape, verification };
      } catch (error) {
        tf.dispose([cams.raw, cams.weights]);
        throw error;
      }
    }
    if (options.counterfactual) {
      fail(`counterfactual maps negate gradients; '${method.name}' uses none: choose a gradient method`);
    }
    const scores = forwardScores(model, activations, context, rows, targets);
    if (method.kind === 'activation') {
      const perSample = method.rawMap(activations);
      const raw = gatherSamples(
        perSample,
        rows.map((r) => r.sample),
      ) as tf.Tensor3D;
      perSample.dispose();
      return { rows, raw, scores, activationShape, passes: { rowsPerPass: batch, count: 1 } };
    }
    if (!inputSize) fail(`'${method.name}' masks the input, so the model must report inputSize()`);
    const weights = await perturbationWeights(
      model,
      input,
      activations,
      context,
      rows,
      targets,
      method,
      options,
      inputSize,
      scores,
    );
    const raw = tf.tidy(() =>
      weightedChannelSum(
        gatherSamples(
          activations,
          rows.map((r) => r.sample),
        ) as tf.Tensor4D,
        weights,
      ),
    );
    return {
      rows,
      raw,
      weights,
      scores,
      activationShape,
      passes: { rowsPerPass: options.batchSize ?? 32, count: 0 },
    };
  } finally {
    activations.dispose();
    disposeContext(context);
  }
}

/** Runs each target's validator on the head's outputs for one row, before any backward pass. */
function validateTargetsOnOutputs<I>(
  model: AnyModel<I>,
  activations: tf.Tensor4D,
  context: BodyContext,
  targets: Target[],
) {
  if (!targets.some((t) => t.validate)) return;
  tf.tidy(() => {
    const outputs = model.head(activations.slice(0, 1), gatherContext(context, activations.shape[0], [0]));
    for (const t of targets) t.validate?.(outputs);
  });
}

function forwardScores<I>(
  model: AnyModel<I>,
  activations: tf.Tensor4D,
  context: BodyContext,
  rows: Row[],
  targets: Target[],
) {
  const perTarget = tf.tidy(() =>
    scoreAllTargets(model.head(activations, context), targets, activations.shape[0]),
  );
  const values = perTarget.dataSync();
  perTarget.dispose();
  return Float32Array.from(rows, (r) => values[r.sample * targets.length + r.target]);
}
