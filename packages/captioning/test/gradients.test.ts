// tfjs-core's main module first (through @gradcam/core): tfjs-layers and the engine share it.
import { explain, wordTarget } from '@gradcam/core';
import { layersModelAdapter } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { captionAdapter, type DecoderKind, scoreCaption } from '../src';
import { useWasm } from './helpers/setup';
import { randomImage, tinyCaptioner } from './helpers/tiny-captioner';

const EPS = 1e-2;
const CAPTION = 'a red circle above the square';

beforeAll(useWasm);

/** Positions `[i, j, k]` of the activation grid, spread over it by a fixed stride. */
function probePositions(h: number, w: number, c: number, count: number): number[][] {
  const total = h * w * c;
  return Array.from({ length: count }, (_, n) => {
    const flat = Math.floor(((n + 0.37) * total) / count);
    return [Math.floor(flat / (w * c)), Math.floor(flat / c) % w, flat % c];
  });
}

const kinds: DecoderKind[] = ['show-and-tell', 'show-attend-tell'];

describe.each(kinds)('%s decoder', (kind) => {
  it.each(['conv1', 'features'])(
    'per-word gradients at %s equal central finite differences of log p(w_t | w_<t, image)',
    async (layer) => {
      const captioner = tinyCaptioner(kind, 3);
      const image = randomImage(11);
      const ids = captioner.vocabulary.tokenize(CAPTION).ids;
      const adapter = captionAdapter(captioner, { layer, tokens: ids });
      const { activations, context } = adapter.body(image);
      const logProbsAt = (a: tf.Tensor4D) =>
        tf.tidy(() => (adapter.head(a, context).tokenLogProbs.arraySync() as number[][])[0]);

      // Body + head is the whole captioner, cut at the layer.
      const base = logProbsAt(activations);
      const [whole] = await scoreCaption(captioner, image, ids);
      for (const [t, v] of base.entries()) expect(Math.abs(v - whole[t])).toBeLessThan(1e-5);

      const T = ids.length + 1;
      const [, h, w, c] = activations.shape;
      const gradients = tf.tidy(() =>
        tf.stack(
          Array.from({ length: T }, (_, t) =>
            tf.grad((a) =>
              adapter
                .head(a as tf.Tensor4D, context)
                .tokenLogProbs.slice([0, t], [1, 1])
                .sum(),
            )(activations),
          ),
        ),
      );
      const g = gradients.arraySync() as number[][][][][];
      const ours: number[][] = Array.from({ length: T }, () => []);
      const fd: number[][] = Array.from({ length: T }, () => []);
      // float32 rounding of each log-probability, seen through a difference quotient.
      const noise = base.map((y) => 2 ** (Math.floor(Math.log2(Math.abs(y))) - 23) / EPS);
      // The decoder is smooth; the encoder's ReLUs after the cut are not. A step that switches
      // one of them on or off crosses a kink, where no difference quotient is the derivative:
      // such directions are skipped. The encoder's output is ReLU(...), so a kink shows as a
      // change in which of its values are exactly zero. Cut at that output, nothing follows.
      const reluAfterCut = layer !== 'features';
      const encoderAfterCut = layersModelAdapter(captioner.encoder, { layer, probabilities: true });
      const zerosOf = (a: tf.Tensor4D) =>
        tf.tidy(() => encoderAfterCut.head(a, {}).equal(0).dataSync().join(''));
      const baseZeros = zerosOf(activations);
      let kinks = 0;
      for (const [i, j, k] of probePositions(h, w, c, 12)) {
        const moved = (s: number) =>
          tf.tidy(() => {
            const one = tf.buffer([1, h, w, c]);
            one.set(s, 0, i, j, k);
            return activations.add(one.toTensor()) as tf.Tensor4D;
          });
        const [up, down] = [moved(EPS), moved(-EPS)];
        const crossesKink = reluAfterCut && (zerosOf(up) !== baseZeros || zerosOf(down) !== baseZeros);
        const plus = logProbsAt(up);
        const minus = logProbsAt(down);
        tf.dispose([up, down]);
        if (crossesKink) {
          kinks++;
          continue;
        }
        for (let t = 0; t < T; t++) {
          fd[t].push((plus[t] - minus[t]) / (2 * EPS));
          ours[t].push(g[t][0][i][j][k]);
        }
      }
      expect(kinks).toBeLessThan(6);
      for (let t = 0; t < T; t++) {
        expect(fd[t].length).toBeGreaterThanOrEqual(6);
        const scale = Math.max(...fd[t].map(Math.abs));
        expect(scale).toBeGreaterThan(20 * noise[t]);
        const worst = Math.max(...ours[t].map((v, n) => Math.abs(v - fd[t][n])));
        expect(worst).toBeLessThan(2e-3 * scale + 4 * noise[t]);
      }

      // The engine reads the same gradients when it tiles the caption's words as rows of one
      // pass: its Grad-CAM weights are their spatial means.
      const result = await explain(
        adapter,
        image,
        Array.from({ length: T }, (_, t) => wordTarget(t)),
        { keepRaw: true },
      );
      expect(result.passes.count).toBe(1);
      const means = tf.tidy(() => gradients.mean([2, 3]).arraySync() as number[][][]);
      for (const m of result.maps) {
        const expected = means[m.target][0];
        expect(Math.max(...Array.from(m.weights!, (v, n) => Math.abs(v - expected[n])))).toBeLessThan(1e-6);
        expect(Math.abs(m.score - base[m.target])).toBeLessThan(1e-5);
      }
      tf.dispose([activations, gradients, image, ...Object.values(context)]);
      captioner.dispose();
    },
  );
});
