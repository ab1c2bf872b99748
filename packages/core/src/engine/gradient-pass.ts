import * as tf from '@tensorflow/tfjs-core';
import type { GradientMethod } from '../methods/method';
import { weightedChannelSum } from '../postprocess/maps';
import type { BodyContext, ExplainOptions, Target } from '../types';
import { rowsPerPass } from './budget';
import { takingGradients } from './gradient-failure';
import type { AnyModel } from './layer-cams';
import { chunk, gatherContext, gatherSamples, type Row, scoreRows } from './rows';

/**
 * Gradient methods: rows (sample x target) in passes under the memory budget; each pass tiles the
 * activations and context, takes the gradient of one score per row, and applies the method.
 */
export async function gradientCams<I>(
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
  // Targets check the head's outputs in the first pass, before its backward pass: a separate
  // forward pass for that alone cost a ViT head's whole forward (about a fifth of its explain()).
  let validated = false;
  try {
    for (const passRows of passes) {
      const samples = passRows.map((r) => r.sample);
      const result = takingGradients(model.layer, 'backward pass', () =>
        tf.tidy(() => {
          const a = gatherSamples(activations, samples) as tf.Tensor4D;
          const ctx = gatherContext(context, batch, samples);
          const score = (x: tf.Tensor) => {
            const outputs = model.head(x as tf.Tensor4D, ctx);
            if (!validated) for (const t of targets) t.validate?.(outputs);
            validated = true;
            return scoreRows(outputs, passRows, targets);
          };
          const { value, grads } = tf.valueAndGrads(score)([a]);
          const g = (options.counterfactual ? grads[0].neg() : grads[0]) as tf.Tensor4D;
          if (method.channelWeights) {
            const w = method.channelWeights(a, g);
            return { value, raw: weightedChannelSum(a, w), w };
          }
          return { value, raw: method.rawMap(a, g), w: undefined };
        }),
      );
      scores.set(await result.value.data(), offset);
      result.value.dispose();
      raws.push(result.raw);
      if (result.w) weights.push(result.w);
      offset += passRows.length;
    }
  } catch (error) {
    // Maps of the passes that succeeded would otherwise outlive the failed explanation.
    tf.dispose([...raws, ...weights]);
    throw error;
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
