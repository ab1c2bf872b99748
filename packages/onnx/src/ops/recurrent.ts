import * as tf from '@tensorflow/tfjs-core';
import type { OpContext, OpTable } from './types';
import { opError } from './util';

/**
 * RNN, GRU and LSTM as ONNX defines them (forward, reverse, bidirectional; sequence_lens; initial
 * states; clip; LSTM peepholes and input_forget; GRU linear_before_reset; layout 0 and 1), as one
 * TF.js op per gate and time step, so that gradients flow through every step. The input's product
 * with W is computed for all steps at once; only the recurrent product is per step.
 */

type Activation = (x: tf.Tensor) => tf.Tensor;

/** Activation functions the recurrent ops name, with which of alpha and beta each takes. */
const ACTIVATIONS: Record<
  string,
  { alpha?: number; beta?: number; make: (a: number, b: number) => Activation }
> = {
  sigmoid: { make: () => (x) => tf.sigmoid(x) },
  tanh: { make: () => (x) => tf.tanh(x) },
  relu: { make: () => (x) => tf.relu(x) },
  softsign: { make: () => (x) => tf.div(x, tf.add(1, tf.abs(x))) },
  softplus: { make: () => (x) => tf.softplus(x) },
  leakyrelu: { alpha: 0.01, make: (a) => (x) => tf.leakyRelu(x, a) },
  thresholdedrelu: { alpha: 1, make: (a) => (x) => tf.mul(x, tf.cast(tf.greater(x, a), 'float32')) },
  elu: { alpha: 1, make: (a) => (x) => tf.add(tf.relu(x), tf.mul(a, tf.sub(tf.exp(tf.minimum(x, 0)), 1))) },
  hardsigmoid: {
    alpha: 0.2,
    beta: 0.5,
    make: (a, b) => (x) => tf.clipByValue(tf.add(tf.mul(x, a), b), 0, 1),
  },
  scaledtanh: { alpha: 1, beta: 1, make: (a, b) => (x) => tf.mul(a, tf.tanh(tf.mul(x, b))) },
  affine: { alpha: 1, beta: 0, make: (a, b) => (x) => tf.add(tf.mul(x, a), b) },
};

/**
 * The activations per direction: the `activations` attribute (all forward ones, then the reverse
 * ones) or the defaults; activation_alpha/beta are consumed in order by the functions that take them.
 */
function activations(ctx: OpContext, defaults: string[], directions: number): Activation[][] {
  const attr = ctx.node.attributes.activations;
  const ordered =
    attr?.type === 'strings' ? attr.value : Array.from({ length: directions }, () => defaults).flat();
  if (ordered.length !== defaults.length * directions) {
    throw opError(ctx, `expected ${defaults.length * directions} activations, got ${ordered.length}`);
  }
  const alphas = [...(ctx.attrs.floats('activation_alpha') ?? [])];
  const betas = [...(ctx.attrs.floats('activation_beta') ?? [])];
  const made = ordered.map((name) => {
    const spec = ACTIVATIONS[name.toLowerCase()];
    if (!spec) {
      throw opError(ctx, `activation '${name}' is not supported (${Object.keys(ACTIVATIONS).join(', ')})`);
    }
    const a = spec.alpha === undefined ? 0 : (alphas.shift() ?? spec.alpha);
    const b = spec.beta === undefined ? 0 : (betas.shift() ?? spec.beta);
    return spec.make(a, b);
  });
  return Array.from({ length: directions }, (_, d) =>
    made.slice(d * defaults.length, (d + 1) * defaults.length),
  );
}

/** What every recurrent op shares: inputs in layout 0, per-direction weights, the time loop. */
interface Setup {
  /** `[seq, batch, input]`. */
  x: tf.Tensor3D;
  hidden: number;
  directions: ('forward' | 'reverse')[];
  /** Per direction: x @ W^T + Wb for every step, `[seq][batch, gates * hidden]`. */
  inputTerms: tf.Tensor2D[][];
  /** Per direction: R `[gates * hidden, hidden]` and Rb `[gates * hidden]`. */
  r: tf.Tensor2D[];
  rb: tf.Tensor1D[];
  /** Per direction: `[batch, hidden]`. */
  h0: tf.Tensor2D[];
  /** Per step: `[batch, 1]`, 1 where the step lies inside the sample's sequence. */
  masks?: tf.Tensor2D[];
  clip?: number;
  layout: number;
}

function setup(ctx: OpContext, gates: number): Setup {
  const layout = ctx.attrs.int('layout', 0);
  let x = ctx.input(0) as tf.Tensor3D;
  if (x.rank !== 3) throw opError(ctx, `X must be 3-D, got [${x.shape.join(', ')}]`);
  if (layout === 1) x = tf.transpose(x, [1, 0, 2]);
  const [seq, batch, inputSize] = x.shape;
  const w = ctx.input(1) as tf.Tensor3D;
  const r = ctx.input(2) as tf.Tensor3D;
  const hidden = ctx.attrs.int('hidden_size') ?? r.shape[2];
  const direction = ctx.attrs.string('direction', 'forward');
  const directions: ('forward' | 'reverse')[] =
    direction === 'bidirectional'
      ? ['forward', 'reverse']
      : direction === 'reverse'
        ? ['reverse']
        : ['forward'];
  if (!['forward', 'reverse', 'bidirectional'].includes(direction)) {
    throw opError(ctx, `direction '${direction}' is not forward, reverse or bidirectional`);
  }
  const expect = (name: string, t: tf.Tensor, shape: number[]) => {
    if (t.shape.join() !== shape.join()) {
      throw opError(ctx, `${name} must be [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
    }
  };
  const dirs = directions.length;
  expect('W', w, [dirs, gates * hidden, inputSize]);
  expect('R', r, [dirs, gates * hidden, hidden]);
  const b = ctx.optional(3);
  if (b) expect('B', b, [dirs, 2 * gates * hidden]);
  let h0 = ctx.optional(5);
  if (h0 && layout === 1) h0 = tf.transpose(h0, [1, 0, 2]);
  if (h0) expect('initial_h', h0, [dirs, batch, hidden]);

  const flat = tf.reshape(x, [seq * batch, inputSize]);
  const inputTerms: tf.Tensor2D[][] = [];
  const rs: tf.Tensor2D[] = [];
  const rbs: tf.Tensor1D[] = [];
  const h0s: tf.Tensor2D[] = [];
  for (let d = 0; d < dirs; d++) {
    const wd = tf.squeeze(tf.slice(w, [d, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D;
    let xw = tf.matMul(flat, tf.transpose(wd));
    const bd = b ? (tf.squeeze(tf.slice(b, [d, 0], [1, -1]), [0]) as tf.Tensor1D) : undefined;
    if (bd) xw = tf.add(xw, tf.slice(bd, 0, gates * hidden));
    inputTerms.push(tf.unstack(tf.reshape(xw, [seq, batch, gates * hidden])) as tf.Tensor2D[]);
    rs.push(tf.squeeze(tf.slice(r, [d, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D);
    rbs.push(bd ? tf.slice(bd, gates * hidden, gates * hidden) : tf.zeros([gates * hidden]));
    h0s.push(
      h0 ? (tf.squeeze(tf.slice(h0, [d, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D) : tf.zeros([batch, hidden]),
    );
  }
  let masks: tf.Tensor2D[] | undefined;
  if (ctx.has(4)) {
    const lengths = ctx.ints(4);
    if (lengths.length !== batch || lengths.some((l) => l < 0 || l > seq)) {
      throw opError(
        ctx,
        `sequence_lens must hold ${batch} lengths from 0 to ${seq}, got [${lengths.join(', ')}]`,
      );
    }
    if (lengths.some((l) => l !== seq)) {
      masks = Array.from(
        { length: seq },
        (_, t) =>
          tf.tensor2d(
            lengths.map((l) => (t < l ? 1 : 0)),
            [batch, 1],
          ) as tf.Tensor2D,
      );
    }
  }
  return {
    x,
    hidden,
    directions,
    inputTerms,
    r: rs,
    rb: rbs,
    h0: h0s,
    masks,
    clip: ctx.attrs.float('clip'),
    layout,
  };
}

/**
 * Runs `step` over time in each direction; a step outside a sample's sequence keeps its state and
 * outputs zeros. Returns Y `[seq, dirs, batch, hidden]` and the final states (layout 0).
 */
function loop<S extends tf.Tensor2D[]>(
  s: Setup,
  initial: (d: number) => S,
  step: (d: number, inputTerm: tf.Tensor2D, state: S) => S,
): { y: tf.Tensor4D; finals: S[] } {
  const seq = s.inputTerms[0].length;
  const perDirection: tf.Tensor3D[] = [];
  const finals: S[] = [];
  s.directions.forEach((direction, d) => {
    let state = initial(d);
    const ys: tf.Tensor2D[] = new Array(seq);
    for (let i = 0; i < seq; i++) {
      const t = direction === 'forward' ? i : seq - 1 - i;
      const next = step(d, s.inputTerms[d][t], state);
      const mask = s.masks?.[t];
      if (mask) {
        const keep = tf.sub(1, mask);
        state = next.map((n, k) => tf.add(tf.mul(n, mask), tf.mul(state[k], keep))) as S;
        ys[t] = tf.mul(next[0], mask);
      } else {
        state = next;
        ys[t] = next[0];
      }
    }
    perDirection.push(tf.stack(ys) as tf.Tensor3D);
    finals.push(state);
  });
  return { y: tf.stack(perDirection, 1) as tf.Tensor4D, finals };
}

/** Y, Y_h (and Y_c) in the op's layout. */
function outputs(s: Setup, y: tf.Tensor4D, states: tf.Tensor2D[][]): tf.Tensor[] {
  const stacked = states.map((perDirection) => tf.stack(perDirection) as tf.Tensor3D);
  if (s.layout !== 1) return [y, ...stacked];
  return [tf.transpose(y, [2, 0, 1, 3]), ...stacked.map((t) => tf.transpose(t, [1, 0, 2]))];
}

const clipped = (s: Setup, t: tf.Tensor) => (s.clip === undefined ? t : tf.clipByValue(t, -s.clip, s.clip));
const gate = (t: tf.Tensor2D, k: number, hidden: number) => tf.slice(t, [0, k * hidden], [-1, hidden]);
const recurrent = (h: tf.Tensor2D, r: tf.Tensor2D) => tf.matMul(h, r, false, true);

function rnn(ctx: OpContext): tf.Tensor[] {
  const s = setup(ctx, 1);
  const acts = activations(ctx, ['Tanh'], s.directions.length);
  const { y, finals } = loop(
    s,
    (d) => [s.h0[d]],
    (d, xw, [h]) => [
      acts[d][0](clipped(s, tf.add(tf.add(xw, recurrent(h, s.r[d])), s.rb[d]))) as tf.Tensor2D,
    ],
  );
  return outputs(s, y, [finals.map((f) => f[0])]);
}

function gru(ctx: OpContext): tf.Tensor[] {
  const s = setup(ctx, 3);
  const { hidden } = s;
  const acts = activations(ctx, ['Sigmoid', 'Tanh'], s.directions.length);
  const linearBeforeReset = ctx.attrs.int('linear_before_reset', 0) !== 0;
  const { y, finals } = loop(
    s,
    (d) => [s.h0[d]],
    (d, xw, [h]) => {
      const [f, g] = acts[d];
      const rb = s.rb[d];
      // Gate order in W, R and B: update z, reset r, hidden h.
      const rz = tf.slice(s.r[d], [0, 0], [2 * hidden, -1]) as tf.Tensor2D;
      const rh = tf.slice(s.r[d], [2 * hidden, 0], [hidden, -1]) as tf.Tensor2D;
      const zr = tf.add(
        tf.add(tf.slice(xw, [0, 0], [-1, 2 * hidden]), recurrent(h, rz)),
        tf.slice(rb, 0, 2 * hidden),
      );
      const z = f(clipped(s, gate(zr as tf.Tensor2D, 0, hidden)));
      const r = f(clipped(s, gate(zr as tf.Tensor2D, 1, hidden)));
      const rbh = tf.slice(rb, 2 * hidden, hidden);
      const hh = linearBeforeReset
        ? tf.mul(r, tf.add(recurrent(h, rh), rbh))
        : tf.add(recurrent(tf.mul(r, h) as tf.Tensor2D, rh), rbh);
      const candidate = g(clipped(s, tf.add(gate(xw, 2, hidden), hh)));
      return [tf.add(tf.mul(tf.sub(1, z), candidate), tf.mul(z, h)) as tf.Tensor2D];
    },
  );
  return outputs(s, y, [finals.map((f) => f[0])]);
}

function lstm(ctx: OpContext): tf.Tensor[] {
  const s = setup(ctx, 4);
  const { hidden } = s;
  const dirs = s.directions.length;
  const acts = activations(ctx, ['Sigmoid', 'Tanh', 'Tanh'], dirs);
  const batch = s.h0[0].shape[0];
  let c0 = ctx.optional(6);
  if (c0 && s.layout === 1) c0 = tf.transpose(c0, [1, 0, 2]);
  if (c0 && c0.shape.join() !== [dirs, batch, hidden].join()) {
    throw opError(
      ctx,
      `initial_c must be [${[dirs, batch, hidden].join(', ')}], got [${c0.shape.join(', ')}]`,
    );
  }
  const p = ctx.optional(7);
  if (p && p.shape.join() !== [dirs, 3 * hidden].join()) {
    throw opError(ctx, `P must be [${dirs}, ${3 * hidden}], got [${p.shape.join(', ')}]`);
  }
  const inputForget = ctx.attrs.int('input_forget', 0) !== 0;
  const { y, finals } = loop(
    s,
    (d) => [
      s.h0[d],
      c0 ? (tf.squeeze(tf.slice(c0, [d, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D) : tf.zerosLike(s.h0[d]),
    ],
    (d, xw, [h, c]) => {
      const [f, g, act] = acts[d];
      const all = tf.add(tf.add(xw, recurrent(h, s.r[d])), s.rb[d]) as tf.Tensor2D;
      // Gate order in W, R and B: input i, output o, forget f, cell c; peepholes P: i, o, f.
      const peep = (k: number, state: tf.Tensor) =>
        p ? tf.mul(tf.slice(p, [d, k * hidden], [1, hidden]), state) : undefined;
      const withPeep = (t: tf.Tensor, k: number, state: tf.Tensor) => {
        const term = peep(k, state);
        return term ? tf.add(t, term) : t;
      };
      const i = f(clipped(s, withPeep(gate(all, 0, hidden), 0, c)));
      const forget = inputForget ? tf.sub(1, i) : f(clipped(s, withPeep(gate(all, 2, hidden), 2, c)));
      const candidate = g(clipped(s, gate(all, 3, hidden)));
      const cell = tf.add(tf.mul(forget, c), tf.mul(i, candidate)) as tf.Tensor2D;
      const o = f(clipped(s, withPeep(gate(all, 1, hidden), 1, cell)));
      return [tf.mul(o, act(cell)) as tf.Tensor2D, cell];
    },
  );
  return outputs(s, y, [finals.map((f) => f[0]), finals.map((f) => f[1])]);
}

export const recurrentOps: OpTable = { RNN: rnn, GRU: gru, LSTM: lstm };
