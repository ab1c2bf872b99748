import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../../shapeworld/src/world/random';
import { GradcamError } from '../../src/errors';
import { type ConformanceCase, caseId } from './case';
import { centralDifferences, type Loss, nudged, weightedSum } from './finite-differences';
import { lossWeights, makeValues, seedOf } from './inputs';

export interface CaseOutcome {
  ok: boolean;
  /** Largest |analytic - expected| over the gradient's scale: max(1, max |expected|). */
  error: number;
  /** Empty when ok; otherwise the worst element or the error TF.js threw. */
  detail: string;
  /** Tensors the case left behind (must be 0). */
  leaked: number;
  /** The case threw a GradcamError: @gradcam/core refused the kernel by name instead of a wrong gradient. */
  refused: boolean;
}

// float64 reference: tiny step, tight tolerance. Backend float32: the step trades rounding
// (~1e-7 |loss| / h) against truncation (~h^2 f'''/6); both stay well under the tolerance.
const REFERENCE = { h: 1e-7, atol: 1e-4 };
const BACKEND = { h: 4e-3, atol: 1e-3 };
// A linear op's central difference is exact for any step: a unit step leaves only float32 rounding.
const LINEAR = { h: 1, atol: 1e-4 };

// 2% of an element, so that a gradient 5% off in any element that matters fails.
const RTOL = 0.02;
// Much larger than the step, much smaller than the gaps between random values.
const TIE_NUDGE = 1e-5;

function differencing(c: ConformanceCase): { h: number; atol: number } {
  if (c.reference) return REFERENCE;
  return c.linear ? LINEAR : BACKEND;
}

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
  const step = differencing(c).h;
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

interface Analytic {
  /** The forward output, flat. */
  y: Float64Array;
  /** tf.grads of sum(w * f(x)) for each float input. */
  grads: Float64Array[];
  w: Float64Array;
}

function analytic(c: ConformanceCase, inputs: CaseInputs, rng: Random): Analytic {
  const { floats, floatIndex, ints } = inputs;
  let result: Analytic | undefined;
  tf.tidy(() => {
    const xs = assemble(c, floats, floatIndex, ints);
    const out = c.f(...xs);
    const w = lossWeights(out.size, rng);
    const dy = tf.tensor(Float32Array.from(w), out.shape);
    const grads = tf.grads((...fx: tf.Tensor[]) => {
      let f = 0;
      return c.f(...xs.map((x, i) => (floatIndex.includes(i) ? fx[f++] : x)));
    })(
      floatIndex.map((i) => xs[i]),
      dy,
    );
    result = {
      y: Float64Array.from(out.dataSync()),
      grads: grads.map((g, i) => {
        if (g.size !== floats[i].length) throw new Error(`gradient ${i} has shape [${g.shape}]`);
        return Float64Array.from(g.dataSync());
      }),
      w,
    };
  });
  return result!;
}

interface CaseInputs {
  values: Float64Array[];
  floats: Float64Array[];
  floatIndex: number[];
  ints: tf.Tensor[];
}

function makeInputs(c: ConformanceCase, rng: Random): CaseInputs {
  const values = c.inputs.map((spec) => makeValues(spec, rng));
  const floatIndex = c.inputs.flatMap((spec, i) => (spec.dtype === 'int32' ? [] : [i]));
  const ints = c.inputs.flatMap((spec, i) =>
    spec.dtype === 'int32' ? [tf.tensor(Int32Array.from(values[i]), spec.shape, 'int32')] : [],
  );
  return { values, floats: floatIndex.map((i) => values[i]), floatIndex, ints };
}

/** Compares the analytic gradients (and the forward, given a reference) with the expected ones. */
function check(c: ConformanceCase, inputs: CaseInputs, got: Analytic): { error: number; detail: string } {
  const { values, floats, floatIndex, ints } = inputs;
  const shapes = c.inputs.map((spec) => spec.shape);
  const reference = c.reference;
  const loss: Loss = reference
    ? (fl) => weightedSum(got.w, reference(rebuild(values, floatIndex, fl), shapes))
    : backendLoss(c, got.w, floatIndex, ints);
  const details: string[] = [];
  const forward = reference ? compare(got.y, reference(values, shapes), REFERENCE.atol).worst : -1;
  if (forward >= 0) details.push(`forward differs from the reference at element ${forward}`);
  const atol = differencing(c).atol;
  let error = 0;
  expectedGradients(c, floats, loss).forEach((want, i) => {
    const r = compare(got.grads[i], want, atol);
    error = Math.max(error, r.error);
    if (r.worst >= 0)
      details.push(
        `input ${floatIndex[i]} element ${r.worst}: got ${got.grads[i][r.worst].toPrecision(4)}, ` +
          `finite differences ${want[r.worst].toPrecision(4)}`,
      );
  });
  return { error, detail: details.join('; ') };
}

/** Runs one case on the active backend. */
export function runCase(c: ConformanceCase): CaseOutcome {
  const before = tf.memory().numTensors;
  const rng = seedOf(caseId(c));
  const inputs = makeInputs(c, rng);
  try {
    const { error, detail } = check(c, inputs, analytic(c, inputs, rng));
    tf.dispose(inputs.ints);
    return { ok: detail === '', error, detail, leaked: tf.memory().numTensors - before, refused: false };
  } catch (e) {
    tf.dispose(inputs.ints);
    return {
      ok: false,
      error: Number.POSITIVE_INFINITY,
      detail: `threw: ${(e as Error).message.split('\n')[0]}`,
      leaked: tf.memory().numTensors - before,
      refused: e instanceof GradcamError,
    };
  }
}

function rebuild(values: Float64Array[], floatIndex: number[], floats: Float64Array[]): Float64Array[] {
  let f = 0;
  return values.map((v, i) => (floatIndex.includes(i) ? floats[f++] : v));
}
