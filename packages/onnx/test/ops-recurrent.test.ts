import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { type OpInput, runOp, seeded } from './helpers/run-op';

/**
 * LSTM and GRU against the equations of the ONNX operator specification, written out here as
 * plain loops over numbers: every direction, sequence lengths, initial states, peepholes.
 * (ONNX's own cases for the forward direction run in the conformance test.)
 */
type Matrix = number[][];

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
/** Row `row` of a [rows, cols] block starting at `offset` in a flat array, as a vector. */
const row = (flat: number[], offset: number, cols: number, r: number) =>
  flat.slice(offset + r * cols, offset + (r + 1) * cols);
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

interface Spec {
  seq: number;
  batch: number;
  input: number;
  hidden: number;
  directions: ('forward' | 'reverse')[];
  x: number[];
  w: number[];
  r: number[];
  b: number[];
  lens: number[];
  h0: number[];
  c0: number[];
  p: number[];
}

/** y[t][d][n][j], yh[d][n][j], yc[d][n][j] for LSTM (gates i, o, f, c) or GRU (z, r, h). */
function reference(kind: 'LSTM' | 'GRU', s: Spec, linearBeforeReset = false) {
  const { seq, batch, input, hidden } = s;
  const gates = kind === 'LSTM' ? 4 : 3;
  const y = Array.from({ length: seq }, () =>
    s.directions.map(() => Array.from({ length: batch }, () => new Array(hidden).fill(0))),
  );
  const yh: Matrix[] = [];
  const yc: Matrix[] = [];
  s.directions.forEach((direction, d) => {
    const wOff = d * gates * hidden * input;
    const rOff = d * gates * hidden * hidden;
    const wb = (k: number) => s.b[d * 2 * gates * hidden + k];
    const rb = (k: number) => s.b[d * 2 * gates * hidden + gates * hidden + k];
    const finalH: Matrix = [];
    const finalC: Matrix = [];
    for (let n = 0; n < batch; n++) {
      let h = s.h0.slice((d * batch + n) * hidden, (d * batch + n + 1) * hidden);
      let c = s.c0.slice((d * batch + n) * hidden, (d * batch + n + 1) * hidden);
      const steps = Array.from({ length: s.lens[n] }, (_, i) =>
        direction === 'forward' ? i : s.lens[n] - 1 - i,
      );
      for (const t of steps) {
        const xt = s.x.slice((t * batch + n) * input, (t * batch + n + 1) * input);
        // Pre-activation of unit j of gate g: W_g x + R_g h + Wb_g + Rb_g.
        const pre = (g: number, j: number, hv = h) =>
          dot(row(s.w, wOff, input, g * hidden + j), xt) +
          dot(row(s.r, rOff, hidden, g * hidden + j), hv) +
          wb(g * hidden + j) +
          rb(g * hidden + j);
        if (kind === 'LSTM') {
          const peep = (g: number, j: number) => s.p[d * 3 * hidden + g * hidden + j];
          const i = h.map((_, j) => sigmoid(pre(0, j) + peep(0, j) * c[j]));
          const f = h.map((_, j) => sigmoid(pre(2, j) + peep(2, j) * c[j]));
          const cand = h.map((_, j) => Math.tanh(pre(3, j)));
          const cell = h.map((_, j) => f[j] * c[j] + i[j] * cand[j]);
          const o = h.map((_, j) => sigmoid(pre(1, j) + peep(1, j) * cell[j]));
          h = h.map((_, j) => o[j] * Math.tanh(cell[j]));
          c = cell;
        } else {
          const z = h.map((_, j) => sigmoid(pre(0, j)));
          const r = h.map((_, j) => sigmoid(pre(1, j)));
          const cand = h.map((_, j) => {
            const xPart = dot(row(s.w, wOff, input, 2 * hidden + j), xt) + wb(2 * hidden + j);
            const rRow = row(s.r, rOff, hidden, 2 * hidden + j);
            const hPart = linearBeforeReset
              ? r[j] * (dot(rRow, h) + rb(2 * hidden + j))
              : dot(
                  rRow,
                  h.map((v, k) => r[k] * v),
                ) + rb(2 * hidden + j);
            return Math.tanh(xPart + hPart);
          });
          h = h.map((v, j) => (1 - z[j]) * cand[j] + z[j] * v);
        }
        y[t][d][n] = h.slice();
      }
      finalH.push(h);
      finalC.push(c);
    }
    yh.push(finalH);
    yc.push(finalC);
  });
  return { y: y.flat(3), yh: yh.flat(2), yc: yc.flat(2) };
}

function spec(kind: 'LSTM' | 'GRU', directions: Spec['directions'], lens: number[], seed: number): Spec {
  const seq = 4;
  const batch = lens.length;
  const input = 3;
  const hidden = 2;
  const gates = kind === 'LSTM' ? 4 : 3;
  const dirs = directions.length;
  const draw = (n: number, k: number) => seeded(n, seed + k).map((v) => v * 0.8);
  return {
    seq,
    batch,
    input,
    hidden,
    directions,
    lens,
    x: draw(seq * batch * input, 1),
    w: draw(dirs * gates * hidden * input, 2),
    r: draw(dirs * gates * hidden * hidden, 3),
    b: draw(dirs * 2 * gates * hidden, 4),
    h0: draw(dirs * batch * hidden, 5),
    c0: draw(dirs * batch * hidden, 6),
    p: kind === 'LSTM' ? draw(dirs * 3 * hidden, 7) : [],
  };
}

function run(kind: 'LSTM' | 'GRU', s: Spec, direction: string, attrs: Record<string, { i: number }> = {}) {
  const dirs = s.directions.length;
  const gates = kind === 'LSTM' ? 4 : 3;
  const inputs: OpInput[] = [
    { name: 'x', shape: [s.seq, s.batch, s.input], data: s.x },
    { name: 'w', shape: [dirs, gates * s.hidden, s.input], data: s.w, constant: true },
    { name: 'r', shape: [dirs, gates * s.hidden, s.hidden], data: s.r, constant: true },
    { name: 'b', shape: [dirs, 2 * gates * s.hidden], data: s.b },
    { name: 'lens', shape: [s.batch], data: s.lens.map(BigInt), type: 'int64', constant: true },
    { name: 'h0', shape: [dirs, s.batch, s.hidden], data: s.h0 },
  ];
  if (kind === 'LSTM') {
    inputs.push({ name: 'c0', shape: [dirs, s.batch, s.hidden], data: s.c0 });
    inputs.push({ name: 'p', shape: [dirs, 3 * s.hidden], data: s.p });
  }
  return runOp(
    kind,
    inputs,
    { hidden_size: { i: s.hidden }, direction: { s: direction } as never, ...attrs },
    {
      outputs: kind === 'LSTM' ? ['y', 'yh', 'yc'] : ['y', 'yh'],
    },
  );
}

const close = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe('recurrent ops against the specification', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const cases = [
    { direction: 'forward', directions: ['forward'] },
    { direction: 'reverse', directions: ['reverse'] },
    { direction: 'bidirectional', directions: ['forward', 'reverse'] },
  ] as const;
  for (const kind of ['LSTM', 'GRU'] as const) {
    for (const [k, c] of cases.entries()) {
      it(`${kind} ${c.direction}, sequence lengths 4, 2 and 3`, () => {
        const s = spec(kind, [...c.directions], [4, 2, 3], 10 * k);
        const [y, yh, yc] = run(kind, s, c.direction);
        const ref = reference(kind, s);
        expect(y.shape).toEqual([s.seq, c.directions.length, s.batch, s.hidden]);
        expect(close(y.values, ref.y)).toBeLessThan(1e-5);
        expect(close(yh.values, ref.yh)).toBeLessThan(1e-5);
        if (kind === 'LSTM') expect(close(yc.values, ref.yc)).toBeLessThan(1e-5);
      });
    }
  }

  it('GRU with linear_before_reset', () => {
    const s = spec('GRU', ['forward', 'reverse'], [3, 4], 77);
    const [y, yh] = run('GRU', s, 'bidirectional', { linear_before_reset: { i: 1 } });
    const ref = reference('GRU', s, true);
    expect(close(y.values, ref.y)).toBeLessThan(1e-5);
    expect(close(yh.values, ref.yh)).toBeLessThan(1e-5);
    // The two GRU variants differ: the check above is not one that either would pass.
    expect(close(y.values, reference('GRU', s, false).y)).toBeGreaterThan(1e-3);
  });

  it('names the input whose shape is wrong, with the shape it expects', () => {
    const s = spec('LSTM', ['forward'], [4, 4], 5);
    const bad = { ...s, w: s.w.slice(0, 16), input: 2 };
    expect(() =>
      runOp(
        'LSTM',
        [
          { name: 'x', shape: [4, 2, 3], data: s.x },
          { name: 'w', shape: [1, 8, 2], data: bad.w, constant: true },
          { name: 'r', shape: [1, 8, 2], data: s.r, constant: true },
        ],
        { hidden_size: { i: 2 } },
      ),
    ).toThrow(/W must be \[1, 8, 3\], got \[1, 8, 2\]/);
  });
});
