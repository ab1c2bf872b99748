import * as tf from '@tensorflow/tfjs-core';
import { fail } from '../errors';
import type { CamMethod, GradientMethod, PerturbationProbe } from '../methods/method';
import { weightedChannelSum } from '../postprocess/maps';
import type { BodyContext, ExplainableModel, ExplainOptions, HeadOutputs, Target } from '../types';
import { rowsPerPass } from './budget';
import { maskImageBatch } from './mask-input';
import {
  allRows,
  chunk,
  disposeContext,
  gatherContext,
  gatherSamples,
  type Row,
  scoreAllTargets,
  scoreRows,
} from './rows';
import { assertActivations } from './validate';

/** The raw maps of one explained layer, one per row (target-major), and what produced them. */
export interface LayerCams {
  rows: Row[];
  raw: tf.Tensor3D;
  weights?: tf.Tensor2D;
  scores: Float32Array;
  activationShape: number[];
  passes: { rowsPerPass: number; count: number };
}

type AnyModel<I> = ExplainableModel<I, BodyContext, HeadOutputs>;

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
    validateTargetsOnOutputs(model, activations, context, targets);
    const rows = allRows(batch, targets.length);
    const activationShape = activations.shape.slice();
    if (method.kind === 'gradient') {
      return {
        ...(await gradientCams(model, activations, context, rows, targets, method, options)),
        activationShape,
      };
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
  const perTarget = tf.tidy(() => scoreAllTargets(model.head(activations, context), targets));
  const values = perTarget.dataSync();
  perTarget.dispose();
  return Float32Array.from(rows, (r) => values[r.sample * targets.length + r.target]);
}

async function gradientCams<I>(
  model: AnyModel<I>,
  activations: tf.Tensor4D,
  context: BodyContext,
  rows: Row[],
  targets: Target[],
  method: GradientMethod,
  options: ExplainOptions,
) {
  const batch = activations.shape[0];
  const perPass = rowsPerPass(activations.shape, rows.length, options.memoryBudgetMB, options.maxRowsPerPass);
  const raws: tf.Tensor3D[] = [];
  const weights: tf.Tensor2D[] = [];
  const scores = new Float32Array(rows.length);
  const passes = chunk(rows, perPass);
  let offset = 0;
  for (const passRows of passes) {
    const samples = passRows.map((r) => r.sample);
    const result = tf.tidy(() => {
      const a = gatherSamples(activations, samples) as tf.Tensor4D;
      const ctx = gatherContext(context, batch, samples);
      const score = (x: tf.Tensor) => scoreRows(model.head(x as tf.Tensor4D, ctx), passRows, targets);
      const { value, grads } = tf.valueAndGrads(score)([a]);
      const g = (options.counterfactual ? grads[0].neg() : grads[0]) as tf.Tensor4D;
      if (method.channelWeights) {
        const w = method.channelWeights(a, g);
        return { value, raw: weightedChannelSum(a, w), w };
      }
      return { value, raw: method.rawMap!(a, g), w: undefined };
    });
    scores.set(await result.value.data(), offset);
    result.value.dispose();
    raws.push(result.raw);
    if (result.w) weights.push(result.w);
    offset += passRows.length;
  }
  const raw = concatAndDispose(raws) as tf.Tensor3D;
  const w = weights.length ? (concatAndDispose(weights) as tf.Tensor2D) : undefined;
  return { rows, raw, weights: w, scores, passes: { rowsPerPass: perPass, count: passes.length } };
}

function concatAndDispose(parts: tf.Tensor[]): tf.Tensor {
  if (parts.length === 1) return parts[0];
  const out = tf.concat(parts);
  tf.dispose(parts);
  return out;
}

async function perturbationWeights<I>(
  model: AnyModel<I>,
  input: I,
  activations: tf.Tensor4D,
  context: BodyContext,
  rows: Row[],
  targets: Target[],
  method: Extract<CamMethod, { kind: 'perturbation' }>,
  options: ExplainOptions,
  inputSize: [number, number],
  scores: Float32Array,
): Promise<tf.Tensor2D> {
  const batch = activations.shape[0];
  const [, h, w, c] = activations.shape;
  const perSample: tf.Tensor2D[] = [];
  for (let sample = 0; sample < batch; sample++) {
    const sampleActs = activations.slice([sample, 0, 0, 0], [1, h, w, c]);
    const probe: PerturbationProbe = {
      activations: sampleActs,
      baseScores: Float32Array.from(targets, (_, t) => scores[t * batch + sample]),
      inputSize,
      batchSize: options.batchSize ?? 32,
      scoreMasked: async (masks) =>
        tf.tidy(() => {
          const masked = model.maskInput
            ? model.maskInput(input, sample, masks)
            : maskImageBatch(input, sample, masks);
          const body = model.body(masked);
          return scoreAllTargets(model.head(body.activations, body.context), targets);
        }),
      scoreAblated: async (channels) =>
        tf.tidy(() => {
          const keep = tf
            .sub(1, tf.oneHot(tf.tensor1d(channels, 'int32'), c))
            .reshape([channels.length, 1, 1, c]);
          const ablated = sampleActs.mul(keep) as tf.Tensor4D;
          const ctx = gatherContext(
            context,
            batch,
            channels.map(() => sample),
          );
          return scoreAllTargets(model.head(ablated, ctx), targets);
        }),
    };
    perSample.push(await method.channelWeights(probe));
    sampleActs.dispose();
  }
  // perSample[s] is [targets, c]; rows are target-major.
  const stacked = tf.tidy(() => {
    const all = tf.stack(perSample, 1); // [targets, batch, c]
    return all.reshape([rows.length, c]) as tf.Tensor2D;
  });
  tf.dispose(perSample);
  return stacked;
}
