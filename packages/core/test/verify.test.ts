import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, explain, GradcamError, selectBackend } from '../src';
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
    expect(result.verification?.maxRelError).toBeGreaterThan(0.1);
    expect(result.maps.some((m) => m.verification?.passed === false)).toBe(true);
  });
});
