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
  // The probe's scores belong to the method, which cannot free them if a later probe throws.
  const handedOut: tf.Tensor[] = [];
  const handOut = (scores: tf.Tensor2D) => {
    handedOut.push(scores);
    return scores;
  };
  for (let sample = 0; sample < batch; sample++) {
    const sampleActs = activations.slice([sample, 0, 0, 0], [1, h, w, c]);
    const probe: PerturbationProbe = {
      activations: sampleActs,
      baseScores: Float32Array.from(targets, (_, t) => scores[t * batch + sample]),
      inputSize,
      batchSize: options.batchSize ?? 32,
      scoreMasked: async (masks) => {
        try {
          return handOut(
            tf.tidy(() => {
              const masked = model.maskInput
                ? model.maskInput(input, sample, masks)
                : maskImageBatch(input, sample, masks);
              const body = model.body(masked);
              return scoreAllTargets(
                model.head(body.activations, body.context),
                targets,
                body.activations.shape[0],
              );
            }),
          );
        } catch (error) {
          // The method frees its masks after this call returns, which it no longer will.
          masks.dispose();
          throw error;
        }
      },
      scoreAblated: async (channels) =>
        handOut(
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
            return scoreAllTargets(model.head(ablated, ctx), targets, channels.length);
          }),
        ),
    };
    try {
      perSample.push(await method.channelWeights(probe));
    } catch (error) {
      // The weights and scores made so far would otherwise outlive the failed explanation.
      tf.dispose([...perSample, ...handedOut]);
      throw error;
    } finally {
      sampleActs.dispose();
      handedOut.length = 0;
    }
  }
  // perSample[s] is [targets, c]; rows are target-major.
  const stacked = tf.tidy(() => {
    const all = tf.stack(perSample, 1); // [targets, batch, c]
    return all.reshape([rows.length, c]) as tf.Tensor2D;
  });
  tf.dispose(perSample);
  return stacked;
}
