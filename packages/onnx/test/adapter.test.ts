import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { classTarget, explain, GradcamError, methodNames } from '@gradcam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTensors, loadOnnx, type OnnxExecutor, onnxModelAdapter } from '../src';
import { expectClose, seeded } from './helpers/run-op';
import { oneLayerNet, residualNet, twoOutputNet } from './helpers/test-nets';

describe('ONNX adapter: cutting the graph at a tensor', () => {
  let exec: OnnxExecutor;
  let reshaping: OnnxExecutor;
  let x: tf.Tensor4D;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    exec = loadOnnx(residualNet());
    reshaping = loadOnnx(residualNet({ reshape: true }));
    x = tf.tensor4d(seeded(2 * 3 * 64, 11), [2, 3, 8, 8]);
  });
  afterAll(() => {
    exec.dispose();
    reshaping.dispose();
    x.dispose();
  });

  it('explains by default the last spatial map before the pooling, and scores the logits before the Softmax', () => {
    const adapter = onnxModelAdapter(exec);
    expect(adapter.tensor).toBe('act');
    expect(adapter.layer).toBe('act');
    expect(adapter.tensorChoice).toBe(
      "default: the last spatial 4-D tensor before 'pool' (GlobalAveragePool) on the way to the scored output",
    );
    expect(adapter.tensorShape).toEqual([1, 6, 4, 4]);
    expect(adapter.scoreTensor).toBe('logits');
    expect(adapter.scoresLogits).toBe(true);
    expect(adapter.describeChoice()).toMatch(/Softmax 'softmax'/);
    expect(onnxModelAdapter(exec, { scoreBeforeSoftmax: false }).scoreTensor).toBe('prob');
  });

  it('feeds the skip connection around the cut to the head, and nothing else', () => {
    expect(onnxModelAdapter(exec, { tensor: 'r2' }).crossing).toEqual(['r1']);
    expect(onnxModelAdapter(exec, { tensor: 'c2' }).crossing).toEqual(['r1']);
    expect(onnxModelAdapter(exec, { tensor: 'r1' }).crossing).toEqual([]);
    expect(onnxModelAdapter(exec, { tensor: 'r3' }).crossing).toEqual([]);
    // Shape arithmetic after the cut is recomputed in the head, not fed.
    expect(onnxModelAdapter(reshaping, { tensor: 'act' }).crossing).toEqual([]);
  });

  it('body then head computes what the whole model computes, at every cut, with activations NHWC', () => {
    for (const model of [exec, reshaping]) {
      const whole = onnxModelAdapter(model).predict(x);
      for (const tensor of ['c1', 'r1', 'c2', 'r2', 'sum', 'r3', 'c3', 'bn', 'act']) {
        const adapter = onnxModelAdapter(model, { tensor });
        const { activations, context } = adapter.body(x);
        const [nchw] = model.run({ x }, [tensor]);
        const nhwc = tf.transpose(nchw, [0, 2, 3, 1]);
        expectClose(activations.dataSync(), nhwc.dataSync(), 0);
        const split = adapter.head(activations, context);
        expectClose(split.dataSync(), whole.dataSync(), 1e-5);
        tf.dispose([activations, context, nchw, nhwc, split]);
      }
      whole.dispose();
    }
  });

  // Each cut with the rectifier inputs that lie after it. Where r1 and r2 are both 0, `sum` sits
  // exactly on ReLU's kink: directions leave those positions alone (sum is elementwise in the cut).
  const cuts: [string, string[], boolean][] = [
    ['r2', ['sum', 'bn'], true],
    ['sum', ['sum', 'bn'], true],
    ['c3', ['bn'], false],
    ['act', [], false],
  ];
  for (const [tensor, rectified, avoidZeroSum] of cuts) {
    it(`head gradient at '${tensor}' equals finite differences of the model perturbed there`, () => {
      const adapter = onnxModelAdapter(reshaping, { tensor });
      const { activations, context } = adapter.body(x);
      const cls = 3;
      const score = (a: tf.Tensor) =>
        tf.tidy(() => tf.sum(tf.slice(adapter.head(a as tf.Tensor4D, context), [0, cls], [-1, 1])));
      const gradient = tf.grad(score)(activations);
      const g = gradient.dataSync();
      // The head is piecewise smooth (ReLU, Clip): directions whose step moves a rectifier input
      // across its kink are skipped, the others must agree.
      const kinks = (a: tf.Tensor) =>
        tf.tidy(() => {
          const values = reshaping.run({ ...context, [tensor]: a }, rectified, { channelsLast: [tensor] });
          const signs = values.map((t, i) =>
            rectified[i] === 'bn' ? tf.logicalAnd(tf.greater(t, 0), tf.less(t, 6)) : tf.greater(t, 0),
          );
          return signs.map((t) => t.dataSync().join('')).join('|');
        });
      const step = 1e-3;
      let checked = 0;
      for (let d = 0; d < 12 && checked < 3; d++) {
        const v = tf.tidy(() => {
          const raw = tf.tensor(seeded(activations.size, 50 + d), activations.shape);
          if (!avoidZeroSum) return raw;
          const [sum] = reshaping.run({ x }, ['sum'], { channelsLast: ['sum'] });
          return tf.mul(raw, tf.cast(tf.notEqual(sum, 0), 'float32'));
        });
        const values = v.dataSync();
        let analytic = 0;
        for (let i = 0; i < g.length; i++) analytic += g[i] * values[i];
        const moved = (sign: number) => tf.add(activations, tf.mul(v, sign * step));
        const [plus, minus] = [moved(1), moved(-1)];
        if (kinks(plus) === kinks(activations) && kinks(minus) === kinks(activations)) {
          const numeric = (score(plus).dataSync()[0] - score(minus).dataSync()[0]) / (2 * step);
          expect(Math.abs(analytic - numeric)).toBeLessThan(5e-3 * Math.max(1, Math.abs(analytic)));
          checked++;
        }
        tf.dispose([v, plus, minus]);
      }
      expect(checked).toBeGreaterThan(0);
      tf.dispose([activations, context, gradient]);
    });
  }

  it('refuses what cannot be explained, saying what can', () => {
    const refuse = (tensor: string, why: RegExp) => {
      expect(() => onnxModelAdapter(exec, { tensor })).toThrow(GradcamError);
      expect(() => onnxModelAdapter(exec, { tensor })).toThrow(why);
    };
    refuse('nope', /unknown tensor 'nope'; explainable tensors: c1, r1, c2, r2, sum, r3, c3, bn, act, gap$/);
    refuse('conv2', /'conv2' is a node; name its output tensor 'c2'/);
    refuse('x', /is the model's input/);
    refuse('flat', /'flat' \(Flatten\) is float32 \[1, 6\], not a feature map/);
    refuse('side', /does not lead to the scored output 'logits'/);
    expect(() => onnxModelAdapter(exec, { output: 'nope' })).toThrow(/no tensor 'nope' to explain/);
    expect(() => onnxModelAdapter(exec, { inputName: 'image' })).toThrow(
      /no input 'image'; the model's inputs: 'x'/,
    );
    const adapter = onnxModelAdapter(exec);
    const nhwc = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    expect(() => adapter.body(nhwc)).toThrow(
      /NCHW images \[batch, 3, height, width\]; got \[1, 8, 8, 3\] \(NHWC\?/,
    );
    nhwc.dispose();
  });

  it('several tensors give several adapters, whose maps explain() averages', async () => {
    const adapters = onnxModelAdapter(exec, { tensor: ['r2', 'act'] });
    expect(adapters.map((a) => a.tensor)).toEqual(['r2', 'act']);
    const result = await explain(adapters, x, classTarget(1));
    expect(result.layers).toEqual(['r2', 'act']);
    expect(result.maps[0].map.width).toBe(8);
  });

  it('lists every tensor with its shape, whether it can be explained, and the default', () => {
    const tensors = listTensors(exec);
    expect(tensors.map((t) => t.name)).toEqual([
      'c1',
      'r1',
      'c2',
      'r2',
      'sum',
      'r3',
      'c3',
      'bn',
      'act',
      'gap',
      'side',
      'flat',
      'logits',
      'prob',
    ]);
    expect(tensors.find((t) => t.name === 'act')).toEqual({
      name: 'act',
      node: 'clip',
      op: 'Clip',
      shape: [1, 6, 4, 4],
      dtype: 'float32',
      explainable: true,
      isDefault: true,
      defaultReason:
        "default: the last spatial 4-D tensor before 'pool' (GlobalAveragePool) on the way to the scored output",
    });
    // Pooled maps [N, C, 1, 1] can be cut at too (they locate nothing, so they are never the default).
    expect(tensors.filter((t) => t.explainable).map((t) => t.name)).toEqual([
      'c1',
      'r1',
      'c2',
      'r2',
      'sum',
      'r3',
      'c3',
      'bn',
      'act',
      'gap',
    ]);
    // The side branch leads nowhere: it is not even measured.
    expect(tensors.find((t) => t.name === 'side')).toMatchObject({ explainable: false, isDefault: false });
    expect(tensors.find((t) => t.name === 'side')!.shape).toBeUndefined();
  });

  it('explain() leaves no tensor behind, for every method, several targets, guided, in several passes', async () => {
    const adapter = onnxModelAdapter(exec, { tensor: 'r2' });
    const targets = [classTarget(0), classTarget(4)];
    await explain(adapter, x, targets, { guided: true }); // warm: cached filters and batch norms
    const before = tf.memory().numTensors;
    for (const method of methodNames()) {
      await explain(adapter, x, targets, { method, keepRaw: true, maxRowsPerPass: 3, batchSize: 2 });
    }
    await explain(adapter, x, targets, { guided: true, counterfactual: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('maps of a batch are the maps of each sample alone', async () => {
    const adapter = onnxModelAdapter(exec, { tensor: 'sum' });
    const both = await explain(adapter, x, [classTarget(2), classTarget(3)]);
    for (const sample of [0, 1]) {
      const one = tf.slice(x, [sample, 0, 0, 0], [1, 3, 8, 8]) as tf.Tensor4D;
      const alone = await explain(adapter, one, [classTarget(2), classTarget(3)]);
      for (const m of alone.maps) {
        const batched = both.maps.find((b) => b.sample === sample && b.target === m.target)!;
        expectClose(batched.map.data, m.map.data, 1e-5);
      }
      one.dispose();
    }
  });

  it('Score-CAM masks NCHW inputs', async () => {
    const adapter = onnxModelAdapter(exec);
    const masks = tf.ones([3, 8, 8]) as tf.Tensor3D;
    const masked = adapter.maskInput!(x, 1, masks);
    expect(masked.shape).toEqual([3, 3, 8, 8]);
    const second = tf.slice(x, [1, 0, 0, 0], [1, 3, 8, 8]);
    expectClose(tf.slice(masked, [2, 0, 0, 0], [1, 3, 8, 8]).dataSync(), second.dataSync(), 0);
    const result = await explain(adapter, x, classTarget(1), { method: 'scorecam' });
    expect(result.maps).toHaveLength(2);
    tf.dispose([masks, masked, second]);
  });
});

describe('ONNX adapter: guided backpropagation', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const input = () => tf.tensor4d(seeded(2 * 2 * 36, 31), [2, 2, 6, 6]);

  /**
   * By hand for x -> Conv -> ReLU -> GAP -> Gemm: the gradient reaching the ReLU output is the
   * class's Gemm weights over the 36 positions; guided backpropagation passes it where the
   * convolution's output was positive and it is positive, then back through the convolution
   * (a linear map, so the gradient of <conv(x), gated> with respect to x).
   */
  function handGuided(exec: OnnxExecutor, x: tf.Tensor4D, cls: number): tf.Tensor {
    return tf.tidy(() => {
      const [pre] = exec.run({ x }, ['pre']);
      const fc = exec.constant('fc')!;
      const dy = tf.reshape(tf.div(tf.slice(fc, [cls, 0], [1, 3]), 36), [1, 3, 1, 1]);
      const gate = tf.cast(tf.logicalAnd(tf.greater(pre, 0), tf.greater(dy, 0)), 'float32');
      const gated = tf.mul(gate, dy);
      const gradient = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(exec.run({ x: t }, ['pre'])[0], gated)))(x);
      return tf.transpose(gradient, [0, 2, 3, 1]);
    });
  }

  it('gates ReLUs as guided backpropagation does (computed by hand)', () => {
    const exec = loadOnnx(oneLayerNet('Relu'));
    const x = input();
    const adapter = onnxModelAdapter(exec);
    for (const cls of [0, 2]) {
      const guided = adapter.guidedGradients!(x, (o) => classTarget(cls).score(o));
      const expected = handGuided(exec, x, cls);
      expect(guided.shape).toEqual([2, 6, 6, 2]);
      expectClose(guided.dataSync(), expected.dataSync(), 1e-6);
      tf.dispose([guided, expected]);
    }
    tf.dispose(x);
    exec.dispose();
  });

  it('leaves Clip (ReLU6) with its plain gradient by default, as the reference; guidedClip gates it', () => {
    // Activations stay below 6 here, so Clip(0, 6) computes what ReLU computes.
    const relu = loadOnnx(oneLayerNet('Relu'));
    const clip = loadOnnx(oneLayerNet('Clip'));
    const x = input();
    const score = (o: tf.Tensor) => classTarget(1).score(o);
    const plain = tf.tidy(() =>
      tf.transpose(
        tf.grad((t: tf.Tensor) => tf.sum(score(relu.run({ x: t }, ['logits'])[0])))(x),
        [0, 2, 3, 1],
      ),
    );
    const reluGuided = onnxModelAdapter(relu).guidedGradients!(x, score);
    const clipDefault = onnxModelAdapter(clip).guidedGradients!(x, score);
    const clipGuided = onnxModelAdapter(clip, { guidedClip: true }).guidedGradients!(x, score);
    expectClose(clipDefault.dataSync(), plain.dataSync(), 1e-6);
    expectClose(clipGuided.dataSync(), reluGuided.dataSync(), 1e-6);
    expect(tf.max(tf.abs(tf.sub(clipDefault, clipGuided))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([x, plain, reluGuided, clipDefault, clipGuided]);
    relu.dispose();
    clip.dispose();
  });
});

describe('ONNX adapter: models with several outputs', () => {
  it('lists tensors explainable for any output, with no default until one is named', async () => {
    await tf.setBackend('cpu');
    const exec = loadOnnx(twoOutputNet());
    const all = listTensors(exec);
    expect(all.filter((t) => t.explainable).map((t) => t.name)).toEqual(['a', 'b', 'ga', 'gb']);
    expect(all.some((t) => t.isDefault)).toBe(false);
    expect(listTensors(exec, { output: 'pb' }).find((t) => t.isDefault)?.name).toBe('b');
    expect(() => onnxModelAdapter(exec)).toThrow(
      /2 outputs \('pa', 'pb'\): name the one to explain with output/,
    );
    expect(onnxModelAdapter(exec, { output: 'pa' }).tensor).toBe('a');
    exec.dispose();
  });
});
