import * as tf from '@tensorflow/tfjs-core';
import { type ConformanceCase, caseId } from './case';
import { centralDifferences, type Loss, nudged, weightedSum } from './finite-differences';
import { lossWeights, makeValues, seedOf } from './inputs';

export interface CaseOutcome {
  ok: boolean;
  /** Largest |analytic - expected| over the gradient's scale (max |expected|, at least 1). */
  error: number;
  /** Empty when ok; otherwise the worst element or the error TF.js threw. */
  detail: string;
  /** Tensors the case left behind (must be 0). */
  leaked: number;
}

// float64 reference: tiny step, tight tolerance. Backend float32: the step trades rounding
// (~1e-7 |loss| / h) against truncation (~h^2 f'''/6); both stay well under the tolerance.
const REFERENCE = { h: 1e-7, atol: 1e-4 };
const BACKEND = { h: 4e-3, atol: 2e-3 };
// 2% of an element, so that a gradient 5% off in any element that matters fails.
const RTOL = 0.02;
// Much larger than the step, much smaller than the gaps between random values.
const TIE_NUDGE = 1e-5;

function backendLoss(c: ConformanceCase, w: Float64Array, floatIndex: number[], ints: tf.Tensor[]): Loss {
  return (floats) =>
    tf.tidy(() => {
      const xs = assemble(c, floats, floatIndex, ints);
      return weightedSum(w, c.f(...xs).dataSync());
    });
}

function assemble(
  c: ConformanceCase,
  floats: Float64Array[],
  floatIndex: number[],
  ints: tf.Tensor[],
): tf.Tensor[] {
  let f = 0;
  let k = 0;
  return c.inputs.map((spec, i) =>
    floatIndex.includes(i) ? tf.tensor(Float32Array.from(floats[f++]), spec.shape) : ints[k++],
  );
}

function expectedGradients(c: ConformanceCase, floats: Float64Array[], loss: Loss): Float64Array[] {
  const step = c.reference ? REFERENCE.h : BACKEND.h;
  const at = (delta: number) =>
    floats.map((_, which) => centralDifferences(loss, nudged(floats, delta), which, step));
  if (!c.ties) return at(0);
  if (!c.reference) throw new Error(`${caseId(c)}: a tie convention needs a float64 reference`);
  const first = at(TIE_NUDGE);
  if (c.ties === 'first') return first;
  const last = at(-TIE_NUDGE);
  return first.map((g, i) => g.map((v, j) => (v + last[i][j]) / 2));
}

function compare(got: Float64Array, want: Float64Array, atol: number): { error: number; worst: number } {
  let scale = 1;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  let error = 0;
  let worst = -1;
  let worstDiff = -1;
  for (let i = 0; i < want.length; i++) {
    const diff = Number.isNaN(got[i] - want[i]) ? Number.POSITIVE_INFINITY : Math.abs(got[i] - want[i]);
    error = Math.max(error, diff / scale);
    if (diff > atol * scale + RTOL * Math.abs(want[i]) && diff > worstDiff) {
      worst = i;
      worstDiff = diff;
    }
  }
  return { error, worst };
}

/** Runs one case on the active backend. */
export function runCase(c: ConformanceCase): CaseOutcome {
  const before = tf.memory().numTensors;
  const rng = seedOf(caseId(c));
  const values = c.inputs.map((spec) => makeValues(spec, rng));
  const shapes = c.inputs.map((spec) => spec.shape);
  const floatIndex = c.inputs.flatMap((spec, i) => (spec.dtype === 'int32' ? [] : [i]));
  const ints = c.inputs.flatMap((spec, i) =>
    spec.dtype === 'int32' ? [tf.tensor(Int32Array.from(values[i]), spec.shape, 'int32')] : [],
  );
  const floats = floatIndex.map((i) => values[i]);
  try {
    const { y, analytic, w } = tf.tidy(() => {
      const xs = assemble(c, floats, floatIndex, ints);
      const out = c.f(...xs);
      const weights = lossWeights(out.size, rng);
      const dy = tf.tensor(Float32Array.from(weights), out.shape);
      const floatXs = floatIndex.map((i) => xs[i]);
      const grads = tf.grads((...fx: tf.Tensor[]) => {
        let f = 0;
        return c.f(...xs.map((x, i) => (floatIndex.includes(i) ? fx[f++] : x)));
      })(floatXs, dy);
      return {
        y: Float64Array.from(out.dataSync()),
        analytic: grads.map((g, i) => {
          if (g.size !== floats[i].length) throw new Error(`gradient ${i} has shape [${g.shape}]`);
          return Float64Array.from(g.dataSync());
        }),
        w: weights,
      };
    });
    const reference = c.reference;
    const loss: Loss = reference
      ? (fl) => weightedSum(w, reference(rebuild(values, floatIndex, fl), shapes))
      : backendLoss(c, w, floatIndex, ints);
    const forward = reference
      ? compare(y, reference(values, shapes), REFERENCE.atol)
      : { error: 0, worst: -1 };
    const expected = expectedGradients(c, floats, loss);
    const atol = reference ? REFERENCE.atol : BACKEND.atol;
    let error = 0;
    const details: string[] = [];
    if (forward.worst >= 0) details.push(`forward differs from the reference at element ${forward.worst}`);
    expected.forEach((want, i) => {
      const r = compare(analytic[i], want, atol);
      error = Math.max(error, r.error);
      if (r.worst >= 0)
        details.push(
          `input ${floatIndex[i]} element ${r.worst}: got ${analytic[i][r.worst].toPrecision(4)}, ` +
            `finite differences ${want[r.worst].toPrecision(4)}`,
        );
    });
    tf.dispose(ints);
    return {
      ok: details.length === 0,
      error,
      detail: details.join('; '),
      leaked: tf.memory().numTensors - before,
    };
  } catch (e) {
    tf.dispose(ints);
    const message = (e as Error).message.split('\n')[0];
    return {
      ok: false,
      error: Number.POSITIVE_INFINITY,
      detail: `threw: ${message}`,
      leaked: tf.memory().numTensors - before,
    };
  }
}

function rebuild(values: Float64Array[], floatIndex: number[], floats: Float64Array[]): Float64Array[] {
  let f = 0;
  return values.map((v, i) => (floatIndex.includes(i) ? floats[f++] : v));
}
