import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { GradcamError } from '@gradcam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnx, type OnnxExecutor, supportedOps } from '../src';
import { encodeModel } from './helpers/onnx-builder';
import { expectClose, seeded } from './helpers/run-op';
import { residualNet } from './helpers/test-nets';

describe('executor: feeds, fetches and sub-graphs', () => {
  let exec: OnnxExecutor;
  let x: tf.Tensor;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    exec = loadOnnx(residualNet());
    x = tf.tensor(seeded(2 * 3 * 64, 1), [2, 3, 8, 8]);
  });
  afterAll(() => {
    exec.dispose();
    x.dispose();
  });

  it('runs the graph from any fed tensor, computing only what lies after it', () => {
    const [r1, sum, logits] = exec.run({ x }, ['r1', 'sum', 'logits']);
    const computed: string[] = [];
    const [fromSum] = exec.run({ sum }, ['logits'], { onTensor: (name) => computed.push(name) });
    expectClose(fromSum.dataSync(), logits.dataSync(), 1e-6);
    expect(computed).toEqual(['r3', 'c3', 'bn', 'act', 'gap', 'flat', 'logits']);
    // A skip connection fed from outside: r2 from r1 and then the rest; r1 is not recomputed.
    computed.length = 0;
    const [again] = exec.run({ r1 }, ['logits'], { onTensor: (name) => computed.push(name) });
    expect(computed).not.toContain('c1');
    expectClose(again.dataSync(), logits.dataSync(), 1e-6);
    tf.dispose([r1, sum, logits, fromSum, again]);
  });

  it('fetches feeds, constants and the same tensor twice as tensors the caller owns', () => {
    const before = tf.memory().numTensors;
    const outs = exec.run({ x }, ['x', 'w1', 'zero', 'logits', 'logits']);
    expect(outs[0]).not.toBe(x);
    expect(outs[3]).not.toBe(outs[4]);
    tf.dispose(outs);
    expect(tf.memory().numTensors).toBe(before);
    // Nothing the executor keeps was handed out: it still runs.
    const [y] = exec.run({ x }, ['logits']);
    expect(y.shape).toEqual([2, 5]);
    y.dispose();
    expect(x.isDisposed).toBe(false);
  });

  it('frees every intermediate tensor, and the model frees its weights when disposed', () => {
    const start = tf.memory().numTensors;
    const model = loadOnnx(residualNet({ reshape: true }));
    expect(tf.memory().numTensors).toBeGreaterThan(start);
    tf.dispose(model.run({ x }, ['prob'])); // the first run caches transposed filters and folded batch norms
    const warm = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(model.run({ x }, ['prob', 'target', 'c1']));
    tf.dispose(model.run({ x }, ['act', 'logits'], { channelsLast: ['act'] }));
    expect(tf.memory().numTensors).toBe(warm);
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
    expect(() => model.run({ x }, ['prob'])).toThrow(/disposed/);
  });

  it('channels-last feeds and fetches are the NHWC forms of the same tensors', () => {
    const [c1] = exec.run({ x }, ['c1']);
    const [c1Last] = exec.run({ x }, ['c1'], { channelsLast: ['c1'] });
    expect(c1Last.shape).toEqual([2, 8, 8, 4]);
    const transposed = tf.transpose(c1, [0, 2, 3, 1]);
    expectClose(transposed.dataSync(), c1Last.dataSync(), 0);
    transposed.dispose();
    const [fromLast] = exec.run({ c1: c1Last }, ['logits'], { channelsLast: ['c1'] });
    const [fromLogical] = exec.run({ c1 }, ['logits']);
    expectClose(fromLast.dataSync(), fromLogical.dataSync(), 1e-6);
    tf.dispose([c1, c1Last, fromLast, fromLogical]);
  });

  it('gives the same results whether tensors stay channels-last or go back to NCHW between ops', () => {
    // The same graph twice: once as is, once with a Transpose pair after each Conv, which makes
    // every later op see NCHW tensors. Broadcasts of [C, 1, 1] and [W] constants, a channel
    // Concat and a spatial ReduceMean exercise the layout rules.
    const graph = (roundTrip: boolean) => {
      const t = (name: string) => (roundTrip ? `${name}_nchw` : name);
      const trips = (name: string) =>
        roundTrip
          ? [
              {
                op: 'Transpose',
                inputs: [name],
                outputs: [`${name}_t`],
                attrs: { perm: { ints: [0, 2, 3, 1] } },
              },
              {
                op: 'Transpose',
                inputs: [`${name}_t`],
                outputs: [`${name}_nchw`],
                attrs: { perm: { ints: [0, 3, 1, 2] } },
              },
            ]
          : [];
      return encodeModel({
        inputs: [{ name: 'x', shape: [1, 2, 5, 6] }],
        outputs: [{ name: 'y' }, { name: 'z' }],
        initializers: [
          { name: 'w', dims: [3, 2, 3, 3], data: seeded(54, 2) },
          { name: 'v', dims: [2, 3, 1, 1], data: seeded(6, 3) },
          { name: 'bias', dims: [3, 1, 1], data: [0.5, -0.5, 0.25] },
          { name: 'row', dims: [6], data: seeded(6, 4) },
          { name: 'axes', dims: [2], type: 'int64', data: [2n, 3n] },
        ],
        nodes: [
          { op: 'Conv', inputs: ['x', 'w'], outputs: ['a'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
          ...trips('a'),
          { op: 'Add', inputs: [t('a'), 'bias'], outputs: ['b'] },
          { op: 'Mul', inputs: ['b', 'row'], outputs: ['c'] },
          { op: 'Relu', inputs: ['c'], outputs: ['d'] },
          { op: 'Conv', inputs: ['d', 'v'], outputs: ['e'] },
          ...trips('e'),
          { op: 'Concat', inputs: ['d', t('e')], outputs: ['f'], attrs: { axis: { i: 1 } } },
          { op: 'MaxPool', inputs: ['f'], outputs: ['g'], attrs: { kernel_shape: { ints: [2, 2] } } },
          { op: 'Sigmoid', inputs: ['g'], outputs: ['y'] },
          { op: 'ReduceMean', inputs: ['f', 'axes'], outputs: ['z'], attrs: { keepdims: { i: 0 } } },
        ],
        opset: 18,
      });
    };
    const input = tf.tensor(seeded(60, 5), [1, 2, 5, 6]);
    const [direct, roundTrip] = [graph(false), graph(true)].map((bytes) => {
      const m = loadOnnx(bytes);
      const out = m
        .run({ x: input }, ['y', 'z'])
        .map((t) => ({ shape: t.shape, data: Array.from(t.dataSync()) }));
      m.dispose();
      return out;
    });
    expect(direct.map((o) => o.shape)).toEqual([
      [1, 5, 4, 5],
      [1, 5],
    ]);
    for (const [i, o] of direct.entries()) {
      expect(o.shape).toEqual(roundTrip[i].shape);
      expectClose(o.data, roundTrip[i].data, 1e-6);
    }
    input.dispose();
  });

  it('feeds override initializers and one output of a multi-output node', () => {
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [4] }],
      outputs: [{ name: 'y' }],
      initializers: [{ name: 'k', dims: [4], data: [1, 1, 1, 1] }],
      nodes: [
        { op: 'Mul', inputs: ['x', 'k'], outputs: ['m'] },
        { op: 'Split', inputs: ['m'], outputs: ['a', 'b'], attrs: { axis: { i: 0 } } },
        { op: 'Concat', inputs: ['b', 'a'], outputs: ['y'], attrs: { axis: { i: 0 } } },
      ],
    });
    const m = loadOnnx(bytes);
    const input = tf.tensor1d([1, 2, 3, 4]);
    const k = tf.tensor1d([2, 2, 2, 2]);
    const a = tf.tensor1d([-1, -1]);
    const [y] = m.run({ x: input, k, a }, ['y']);
    expect(Array.from(y.dataSync())).toEqual([6, 8, -1, -1]);
    tf.dispose([input, k, a, y]);
    m.dispose();
  });

  it('differentiates a sub-graph run from a fed intermediate tensor', () => {
    const [r3] = exec.run({ x }, ['r3']);
    const g = tf.grad((t: tf.Tensor) => tf.sum(exec.run({ r3: t }, ['logits'])[0]))(r3);
    expect(g.shape).toEqual(r3.shape);
    expect(tf.max(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([r3, g]);
  });

  it('says what is missing: an unfed input, an unknown feed or fetch', () => {
    expect(() => exec.run({}, ['logits'])).toThrow(/graph input 'x' must be fed to compute 'logits'/);
    expect(() => exec.run({ x, nope: x }, ['logits'])).toThrow(/cannot feed 'nope'/);
    expect(() => exec.run({ x }, ['nope'])).toThrow(/unknown tensor 'nope'/);
    // Everything after r1 (both sides of the skip connection) needs only r1.
    const r1 = tf.zeros([1, 4, 8, 8]);
    const [ok] = exec.run({ r1 }, ['sum']);
    tf.dispose([r1, ok]);
  });
});

describe('executor: unsupported ops fail at load time', () => {
  it('names every missing op type with its nodes, and lists the supported ones', () => {
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [1] }],
      outputs: [{ name: 'z' }],
      nodes: [
        { op: 'NonMaxSuppression', name: 'nms', inputs: ['x'], outputs: ['y'] },
        { op: 'FancyGelu', name: 'g1', domain: 'com.microsoft', inputs: ['y'], outputs: ['y2'] },
        { op: 'NonMaxSuppression', name: 'nms2', inputs: ['y2'], outputs: ['z'] },
      ],
    });
    let error: unknown;
    try {
      loadOnnx(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GradcamError);
    const message = (error as Error).message;
    expect(message).toMatch(/NonMaxSuppression \(nodes 'nms', 'nms2'\)/);
    expect(message).toMatch(/com\.microsoft\.FancyGelu \(nodes 'g1'\)/);
    expect(message).toMatch(/Supported: .*BatchNormalization.*Conv/);
    expect(supportedOps()).toEqual(expect.arrayContaining(['Conv', 'Clip', 'Gemm', 'Slice', 'ReduceMean']));
  });
});
