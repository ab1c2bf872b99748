import { captionTarget, explain, registerWasmGradientKernels, wordTarget } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateIds,
  type ImageCaptioner,
  listEncoderLayers,
  loadImageCaptioner,
  preprocess,
  type TransformerCaptionAdapter,
  transformerCaptionAdapter,
} from '../src';
import { testPicture, tinyModelDir } from './helpers/tiny-model';

/**
 * The gradients behind the maps against central finite differences of the same head, in float32.
 * Step 1e-2 on activations of magnitude ~1: the difference quotient's rounding error is about
 * 1e-7 / 1e-2 = 1e-5 and its truncation error about step^2 * f''' / 6, near 1e-5 here; the
 * tolerance (2e-3 relative, 2e-4 absolute) leaves room for both and still catches a wrong term.
 */
const STEP = 1e-2;
const tolerance = (analytic: number) => 2e-4 + 2e-3 * Math.abs(analytic);

describe('per-word gradients through the imported encoder and decoder', () => {
  let model: Awaited<ReturnType<typeof tinyModelDir>>;
  let captioner: ImageCaptioner;
  let adapter: TransformerCaptionAdapter;
  let pixels: tf.Tensor4D;
  let tokens: number[];

  beforeAll(async () => {
    registerWasmGradientKernels();
    await tf.setBackend('wasm');
    model = await tinyModelDir();
    captioner = await loadImageCaptioner(model.dir, {
      transformers: await import('@huggingface/transformers'),
    });
    const { pixelValues } = await preprocess(captioner, testPicture(1));
    tokens = (await generateIds(captioner, pixelValues, undefined)).tokens;
    pixels = tf.tensor4d(
      Float32Array.from(pixelValues.data as ArrayLike<number>),
      pixelValues.dims as [number, number, number, number],
    );
    adapter = transformerCaptionAdapter(captioner, listEncoderLayers(captioner), { tokens });
  });
  afterAll(async () => {
    pixels?.dispose();
    await captioner?.dispose();
    await model?.cleanup();
  });

  /** Score of target `t` (a position, or the whole caption) at activations A + eps * direction. */
  function scoreAt(
    t: number | 'caption',
    activations: tf.Tensor4D,
    context: Record<string, tf.Tensor>,
    direction: tf.Tensor,
    eps: number,
  ): number {
    return tf.tidy(() => {
      const logp = adapter
        .head(tf.add(activations, tf.mul(direction, eps)) as tf.Tensor4D, context)
        .tokenLogProbs.dataSync();
      if (t !== 'caption') return logp[t];
      let sum = 0;
      for (const v of logp) sum += v; // float64 sum
      return sum;
    });
  }

  it("the engine's Grad-CAM weights of every word (one backward pass) equal finite differences along each channel", async () => {
    const targets = [
      ...tokens.map((_, i) => wordTarget(i)),
      wordTarget(tokens.length, 'end'),
      captionTarget(),
    ];
    const explanation = await explain(adapter, pixels, targets, { keepRaw: true });
    expect(explanation.passes.count).toBe(1);
    const { activations, context } = adapter.body(pixels);
    const [, rows, cols, width] = activations.shape;
    let worst = 0;
    let largestError = 0;
    let largestAnalytic = 0;
    for (const [i, m] of explanation.maps.entries()) {
      const t = i === targets.length - 1 ? 'caption' : i;
      for (const k of [0, 5, 13, 22, 31]) {
        // The sum over the grid of d score / d A[:, :, k] is the derivative along channel k everywhere.
        const direction = tf.tidy(() =>
          tf.mul(tf.oneHot(tf.fill([rows, cols], k, 'int32'), width), 1).reshape([1, rows, cols, width]),
        );
        const numeric =
          (scoreAt(t, activations, context, direction, STEP) -
            scoreAt(t, activations, context, direction, -STEP)) /
          (2 * STEP);
        direction.dispose();
        const analytic = m.weights![k] * rows * cols;
        const error = Math.abs(analytic - numeric);
        worst = Math.max(worst, error / tolerance(analytic));
        largestError = Math.max(largestError, error);
        largestAnalytic = Math.max(largestAnalytic, Math.abs(analytic));
        expect(
          error,
          `target ${m.label}, channel ${k}: analytic ${analytic}, numeric ${numeric}`,
        ).toBeLessThan(tolerance(analytic));
      }
    }
    tf.dispose([activations, ...Object.values(context)]);
    console.log(
      `${explanation.maps.length} targets x 5 channels: largest |analytic - numeric| ${largestError.toExponential(2)} ` +
        `(largest |analytic| ${largestAnalytic.toFixed(3)}); worst error / tolerance ${worst.toFixed(3)}`,
    );
  });

  it('cut inside a block, the residual stream crosses the cut: same scores, gradients equal finite differences', () => {
    const inner = transformerCaptionAdapter(captioner, listEncoderLayers(captioner), {
      tokens,
      layer: '/encoder/layer.1/attention/output/dense/Add_output_0',
    });
    expect(inner.crossing).toEqual(['/encoder/layer.0/output/Add_output_0']);
    const scores = (a: TransformerCaptionAdapter) =>
      tf.tidy(() => {
        const { activations, context } = a.body(pixels);
        return Array.from(a.head(activations, context).tokenLogProbs.dataSync());
      });
    const [atBlock, inside] = [scores(adapter), scores(inner)];
    for (const [i, v] of atBlock.entries()) expect(inside[i]).toBeCloseTo(v, 5);
    const { activations, context } = inner.body(pixels);
    const t = 1;
    const score = (a: tf.Tensor) =>
      tf.slice(inner.head(a as tf.Tensor4D, context).tokenLogProbs, [0, t], [1, 1]).sum();
    const grad = tf.grad(score)(activations);
    const direction = tf.randomNormal(activations.shape, 0, 1, 'float32', 77);
    const analytic = tf.sum(tf.mul(grad, direction)).dataSync()[0];
    const at = (eps: number) =>
      tf.tidy(() => score(tf.add(activations, tf.mul(direction, eps))).dataSync()[0]);
    const numeric = (at(STEP) - at(-STEP)) / (2 * STEP);
    expect(Math.abs(analytic - numeric), `analytic ${analytic}, numeric ${numeric}`).toBeLessThan(
      tolerance(analytic),
    );
    tf.dispose([grad, direction, activations, ...Object.values(context)]);
  });

  it('the head gradient of each word equals finite differences along random directions', () => {
    const { activations, context } = adapter.body(pixels);
    for (const t of [0, Math.floor(tokens.length / 2), tokens.length]) {
      const grad = tf.grad((a: tf.Tensor) =>
        tf.slice(adapter.head(a as tf.Tensor4D, context).tokenLogProbs, [0, t], [1, 1]).sum(),
      )(activations);
      for (const seed of [1, 2]) {
        const direction = tf.randomNormal(activations.shape, 0, 1, 'float32', seed * 101 + t);
        const analytic = tf.sum(tf.mul(grad, direction)).dataSync()[0];
        const numeric =
          (scoreAt(t, activations, context, direction, STEP) -
            scoreAt(t, activations, context, direction, -STEP)) /
          (2 * STEP);
        direction.dispose();
        expect(
          Math.abs(analytic - numeric),
          `word ${t}: analytic ${analytic}, numeric ${numeric}`,
        ).toBeLessThan(tolerance(analytic));
      }
      grad.dispose();
    }
    tf.dispose([activations, ...Object.values(context)]);
  });
});
