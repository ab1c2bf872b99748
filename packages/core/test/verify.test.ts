import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, explain, GradcamError, selectBackend } from '../src';
import { fdEstimates, relativeError } from '../src/engine/fd-estimate';
import { withHalvedGradient } from './helpers/broken-gradient';
import { tinyConvNet } from './helpers/tiny-convnet';

const BACKENDS = ['cpu', 'wasm'] as const;

describe.each(BACKENDS)('verify on %s', (backend) => {
  let net: ReturnType<typeof tinyConvNet>;
  let x: tf.Tensor4D;
  const targets = [classTarget(0), classTarget(2), classTarget(4)];
  beforeAll(async () => {
    await selectBackend(backend);
    net = tinyConvNet(3);
    x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    await explain(net, x, targets, { verify: true });
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  it('passes on a correct model, with figures per map and a summary', async () => {
    const before = tf.memory().numTensors;
    const result = await explain(net, x, targets, { verify: { directions: 4, topChannels: 4 } });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.maps).toHaveLength(6);
    for (const m of result.maps) {
      expect(m.verification?.passed).toBe(true);
      expect(m.verification?.checks).toBe(8);
      expect(m.verification?.maxRelError).toBeLessThan(1e-3);
    }
    const v = result.verification;
    expect(v).toMatchObject({ backend, layer: 'block2', threshold: 0.05, passed: true, checks: 48 });
    // Per row: one gradient, the score at the point, four evaluations per direction and step size.
    expect(v?.headEvaluations).toBe(6 * (2 + 8 * 8));
    console.log(
      `[verify noise] ${backend}: max relative error ${v?.maxRelError.toExponential(2)} in ${v?.timeMs.toFixed(0)} ms`,
    );
  });

  it('rejects a map whose head gradient is broken, naming layer, target and backend, without leaking', async () => {
    const plain = await withHalvedGradient('Tanh', () => explain(net, x, targets));
    expect(plain.maps[0].map.data.some((v) => v > 0)).toBe(true);
    const before = tf.memory().numTensors;
    const failure = await withHalvedGradient('Tanh', () =>
      explain(net, x, targets, { verify: true }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(failure).toBeInstanceOf(GradcamError);
    const message = (failure as Error).message;
    expect(message).toMatch(/layer 'block2'/);
    expect(message).toMatch(/target 'class \d'/);
    expect(message).toContain(`backend '${backend}'`);
    expect(message).toContain('gradcam check');
    expect(tf.memory().numTensors).toBe(before);
  });

  it("reports the figures without throwing with onFail: 'report'", async () => {
    const result = await withHalvedGradient('Tanh', () =>
      explain(net, x, targets, { verify: { onFail: 'report' } }),
    );
    expect(result.verification?.passed).toBe(false);
    expect(result.verification?.maxRelError).toBeGreaterThan(0.2);
    expect(result.maps.some((m) => m.verification?.passed === false)).toBe(true);
  });
});

describe('verify options', () => {
  let net: ReturnType<typeof tinyConvNet>;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    await selectBackend('cpu');
    net = tinyConvNet(3);
    x = tf.randomNormal([1, 16, 16, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  it.each([
    [{ threshold: 2 }, /verify\.threshold must be a relative error in \(0, 1\), got 2/],
    [{ directions: 0, topChannels: 0 }, /verify needs at least one direction/],
    [{ directions: 1.5 }, /verify\.directions must be a non-negative integer, got 1\.5/],
    [{ onFail: 'ignore' }, /verify\.onFail must be 'throw' or 'report', got 'ignore'/],
  ])('refuses %o with a clear error', async (verify, message) => {
    await expect(explain(net, x, classTarget(0), { verify: verify as never })).rejects.toThrow(message);
  });

  it('refuses to verify a method whose map uses no gradient', async () => {
    await expect(explain(net, x, classTarget(0), { method: 'eigencam', verify: true })).rejects.toThrow(
      /verify checks the gradient a map is made from, and 'eigencam' uses none/,
    );
  });

  it('checks every explained layer, and counterfactual maps (the gradient is the same)', async () => {
    const result = await explain([net, net], x, classTarget(1), { verify: true, counterfactual: true });
    expect(result.verification?.layers).toHaveLength(2);
    expect(result.verification?.passed).toBe(true);
    expect(result.maps[0].verification?.checks).toBe(12);
  });
});

describe('finite-difference estimates', () => {
  it('Richardson cancels the h^2 term: exp along a line, all three estimates near exact in float64', () => {
    const f = (t: number) => Math.exp(0.3 + 2 * t);
    const h = 1e-2;
    const [central, forward, backward] = fdEstimates(f(0), f(h), f(-h), f(h / 2), f(-h / 2), h);
    const exact = 2 * Math.exp(0.3);
    expect(Math.abs(central - exact) / exact).toBeLessThan(1e-8);
    expect(Math.abs(forward - exact) / exact).toBeLessThan(1e-4);
    expect(Math.abs(backward - exact) / exact).toBeLessThan(1e-4);
    // A plain central difference at the same step is worse by orders of magnitude.
    expect(Math.abs((f(h) - f(-h)) / (2 * h) - exact) / exact).toBeGreaterThan(1e-5);
  });

  it('measures the error against the larger value and the floor', () => {
    expect(relativeError(1, 0.5, 0)).toBeCloseTo(0.5, 12);
    expect(relativeError(1e-9, 0, 1e-3)).toBeCloseTo(1e-6, 12);
    expect(relativeError(0, 0, 0)).toBe(0);
    expect(relativeError(Number.NaN, 1, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
