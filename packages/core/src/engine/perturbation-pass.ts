import * as tf from '@tensorflow/tfjs-core';
import type { CamMethod, PerturbationProbe } from '../methods/method';
import type { BodyContext, ExplainOptions, Target } from '../types';
import type { AnyModel } from './layer-cams';
import { maskImageBatch } from './mask-input';
import { gatherContext, type Row, scoreAllTargets } from './rows';

/** Gradient-free methods: per sample, a probe that re-scores masked inputs or ablated channels. */
export async function perturbationWeights<I>(
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
