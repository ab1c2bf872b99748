import * as tf from '@tensorflow/tfjs-core';
import type { ExplainOptions, Target } from '../types';
import { rowsPerPass } from './budget';
import { type Direction, fdDirections } from './fd-directions';
import { fdEstimates, relativeError } from './fd-estimate';
import type { AnyModel } from './layer-cams';
import { chunk, gatherContext, type Row, scoreRows } from './rows';
import { type ResolvedVerifyOptions, resolveVerifyOptions } from './verify-options';

/** One explained layer's check: the worst relative error of each row, row-aligned with its maps. */
export interface LayerVerification {
  layer: string;
  rowErrors: Float64Array;
  /** Directions checked per row (fewer channel directions where channels are all zeros). */
  rowChecks: Int32Array;
  headEvaluations: number;
  timeMs: number;
}

// The score at the point, then each direction at +-h and +-h/2 (fd-estimate.ts).
const STEPS = [1, -1, 0.5, -0.5];
// Two step sizes: the larger is blind to float32 rounding but may cross the head's kinks (a
// ReLU input near 0), the smaller the reverse. A gradient agreeing with either estimate passes;
// a wrong one disagrees with both.
const STEP_SCALES = [1, 0.1];
// The smallest change of the score, relative to max(|score|, 1), that float32 finite differences
// resolve: 1000 float32 ulps at 1. A derivative whose step changes the score less than this (a
// saturated softmax: log p = -1e-7) is rounding noise to finite differences, so the error is
// measured against this scale rather than against the noise.
const RESOLVABLE_CHANGE = 1000 * 2 ** -23;

/**
 * Compares the head's gradient at the cut with central finite differences of the head's score,
 * row by row, along seeded random directions and along the channels with the largest weights.
 * The gradient is recomputed here through the same head, so the check covers the same kernels as
 * the map. Finite differences run the head forward in float32; the arithmetic that combines them
 * (Richardson extrapolation of two steps, which cancels the h^2 term) is done in float64.
 */
export function verifyLayer<I>(
  model: AnyModel<I>,
  activations: tf.Tensor4D,
  context: Record<string, unknown>,
  rows: Row[],
  targets: Target[],
  options: ExplainOptions,
): LayerVerification {
  const verify = resolveVerifyOptions(options.verify) as ResolvedVerifyOptions;
  const started = performance.now();
  const rowErrors = new Float64Array(rows.length);
  const rowChecks = new Int32Array(rows.length);
  rows.forEach((row, r) => {
    const { maxRelError, checks } = checkRow(model, activations, context, row, targets, verify, options);
    rowErrors[r] = maxRelError;
    rowChecks[r] = checks;
  });
  const checks = rowChecks.reduce((n, k) => n + k, 0);
  return {
    layer: model.layer,
    rowErrors,
    rowChecks,
    // Per row: the gradient, the score at the point, then every step of every direction.
    headEvaluations: 2 * rows.length + STEPS.length * STEP_SCALES.length * checks,
    timeMs: performance.now() - started,
  };
}

function checkRow<I>(
  model: AnyModel<I>,
  activations: tf.Tensor4D,
  context: Record<string, unknown>,
  row: Row,
  targets: Target[],
  verify: ResolvedVerifyOptions,
  options: ExplainOptions,
): { maxRelError: number; checks: number } {
  const [batch, h, w, c] = activations.shape;
  const { a, g } = tf.tidy(() => {
    const x = activations.slice([row.sample, 0, 0, 0], [1, h, w, c]);
    const ctx = gatherContext(context, batch, [row.sample]);
    const grad = tf.grad((t: tf.Tensor) =>
      scoreRows(model.head(t as tf.Tensor4D, ctx), [row], targets).sum(),
    )(x);
    return { a: x.dataSync() as Float32Array, g: grad.dataSync() as Float32Array };
  });
  const directions = fdDirections(
    a,
    g,
    [h, w, c],
    verify.directions,
    verify.topChannels,
    verify.seed + row.target,
  );
  const scale = rms(a) || 1;
  const probes = directions.flatMap((d) =>
    STEP_SCALES.map((k) => ({ d, h: k * verify.step * scale * Math.sqrt(d.indices.length) })),
  );
  const scores = perturbedScores(model, activations.shape, context, row, targets, a, probes, options);
  const gradNorm = Math.sqrt(dot(g, g));
  const floor = gradNorm / Math.sqrt(g.length);
  let maxRelError = 0;
  directions.forEach((d, i) => {
    let analytic = 0;
    for (let k = 0; k < d.indices.length; k++) analytic += g[d.indices[k]] * d.values[k];
    let best = Number.POSITIVE_INFINITY;
    STEP_SCALES.forEach((_, s) => {
      const p = i * STEP_SCALES.length + s;
      const [fp, fm, hp, hm] = scores.subarray(1 + p * STEPS.length, 1 + (p + 1) * STEPS.length);
      const resolution = (RESOLVABLE_CHANGE * Math.max(1, Math.abs(scores[0]))) / probes[p].h;
      for (const numeric of fdEstimates(scores[0], fp, fm, hp, hm, probes[p].h)) {
        best = Math.min(best, relativeError(analytic, numeric, Math.max(floor, resolution)));
      }
    });
    maxRelError = Math.max(maxRelError, best);
  });
  return { maxRelError, checks: directions.length };
}

/** The head's score of `row` at a, then at a + s*h*d for every direction d and step s, in passes under the budget. */
function perturbedScores<I>(
  model: AnyModel<I>,
  shape: number[],
  context: Record<string, unknown>,
  row: Row,
  targets: Target[],
  a: Float32Array,
  probes: { d: Direction; h: number }[],
  options: ExplainOptions,
): Float64Array {
  const [batch, h, w, c] = shape;
  const points = [
    { d: probes[0].d, offset: 0 },
    ...probes.flatMap(({ d, h: step }) => STEPS.map((s) => ({ d, offset: s * step }))),
  ];
  const perPass = rowsPerPass(shape, points.length, options.memoryBudgetMB, options.maxRowsPerPass);
  const out = new Float64Array(points.length);
  let done = 0;
  for (const pass of chunk(points, perPass)) {
    const buffer = new Float32Array(pass.length * a.length);
    pass.forEach(({ d, offset }, p) => {
      const base = p * a.length;
      buffer.set(a, base);
      for (let k = 0; k < d.indices.length; k++) buffer[base + d.indices[k]] += offset * d.values[k];
    });
    const values = tf.tidy(() => {
      const x = tf.tensor4d(buffer, [pass.length, h, w, c]);
      const ctx = gatherContext(context, batch, new Array(pass.length).fill(row.sample));
      return scoreRows(model.head(x, ctx), new Array(pass.length).fill(row), targets).dataSync();
    });
    out.set(values, done);
    done += pass.length;
  }
  return out;
}

function rms(a: Float32Array): number {
  return Math.sqrt(dot(a, a) / a.length);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
