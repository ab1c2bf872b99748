// Perturbation metrics on toy models whose scores are computable by hand. One file, because
// every test file pays for loading TF.js through vite, and the suite must stay fast.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  baselineImage,
  confidenceChange,
  deletionInsertion,
  occlusionAgreement,
  occlusionMap,
  poolToOcclusionGrid,
  type ScoreFn,
  summariseConfidence,
} from '../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('deletion and insertion', () => {
  /** The toy model: the mean of the image over all pixels and channels. */
  function meanScorer(calls: number[] = []): ScoreFn {
    return async (batch) => {
      calls.push(batch.shape[0]);
      const s = tf.tidy(() => batch.mean([1, 2, 3]));
      const out = (await s.data()) as Float32Array;
      s.dispose();
      return out;
    };
  }
  const sumScorer: ScoreFn = async (batch) => {
    const s = tf.tidy(() => batch.sum([1, 2, 3]));
    const out = (await s.data()) as Float32Array;
    s.dispose();
    return out;
  };
  const map = (width: number, height: number, values: number[]) => ({
    data: Float32Array.from(values),
    width,
    height,
  });

  describe('deletionInsertion', () => {
    // Pixel values 2, 4, 3, 1; the map ranks them 4 (0.9), 3 (0.5), 1 (0.3), 2 (0.1).
    const image = tf.tensor4d([2, 4, 3, 1], [1, 2, 2, 1]);
    const ranking = map(2, 2, [0.1, 0.9, 0.5, 0.3]);

    it('deletes in decreasing map order: scores and area by hand', async () => {
      const calls: number[] = [];
      const r = await deletionInsertion(meanScorer(calls), image, ranking, {
        steps: 4,
        baseline: 0,
        batchSize: 2,
        curves: ['deletion'],
      });
      // Kept sums 10, 6, 3, 2, 0 over 4 pixels.
      expect(r.deletion?.fractions).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(r.deletion?.scores).toEqual([2.5, 1.5, 0.75, 0.5, 0]);
      // 0.25 x (2.5/2 + 1.5 + 0.75 + 0.5 + 0/2) = 1.
      expect(r.deletion?.auc).toBeCloseTo(1, 12);
      expect(r.insertion).toBeUndefined();
      expect(calls).toEqual([2, 2, 1]); // 5 images in batches of 2
    });

    it('inserts in decreasing map order on the baseline', async () => {
      const r = await deletionInsertion(meanScorer(), image, ranking, { steps: 4, baseline: 0 });
      // Revealed sums 0, 4, 7, 8, 10 over 4 pixels.
      expect(r.insertion?.scores).toEqual([0, 1, 1.75, 2, 2.5]);
      // 0.25 x (0/2 + 1 + 1.75 + 2 + 2.5/2) = 1.5.
      expect(r.insertion?.auc).toBeCloseTo(1.5, 12);
      expect(r.deletion?.auc).toBeCloseTo(1, 12);
    });

    it('uses the actual fraction when steps do not divide the pixels', async () => {
      // 9 pixels of 1, ranked in row-major order; 4 steps change 0, 2, 5, 7, 9 pixels
      // (round(9k/4), halves rounding up). Scores (9 - n)/9: 1, 7/9, 4/9, 2/9, 0; by trapezoids
      // 16/81 + 16.5/81 + 6/81 + 2/81 = 1/2.
      const ones = tf.ones([3, 3, 1]) as tf.Tensor3D;
      const order = map(3, 3, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
      const r = await deletionInsertion(meanScorer(), ones, order, {
        steps: 4,
        baseline: 0,
        curves: ['deletion'],
      });
      expect(r.deletion?.fractions).toEqual([0, 2 / 9, 5 / 9, 7 / 9, 1]);
      r.deletion?.scores.forEach((s, i) => {
        expect(s).toBeCloseTo([1, 7 / 9, 4 / 9, 2 / 9, 0][i], 6);
      });
      expect(r.deletion?.auc).toBeCloseTo(0.5, 6);
      ones.dispose();
    });

    it('removes all channels of a pixel at once, here onto the per-channel mean', async () => {
      // Pixels (1,2,3) and (3,4,5): channel means (2,3,4), sum 18 either way; the map removes the
      // second pixel first.
      const rgb = tf.tensor4d([1, 2, 3, 3, 4, 5], [1, 1, 2, 3]);
      const r = await deletionInsertion(sumScorer, rgb, map(2, 1, [0, 1]), { steps: 2, baseline: 'mean' });
      expect(r.deletion?.scores).toEqual([18, 6 + 9, 18]);
      expect(r.insertion?.scores).toEqual([18, 9 + 12, 18]);
      rgb.dispose();
    });

    it('breaks ties in row-major order, so curves are reproducible', async () => {
      const flat = map(2, 2, [1, 1, 1, 1]);
      const r = await deletionInsertion(meanScorer(), image, flat, {
        steps: 4,
        baseline: 0,
        curves: ['deletion'],
      });
      // Removes 2, 4, 3, 1 in that order: kept sums 10, 8, 4, 1, 0.
      expect(r.deletion?.scores).toEqual([2.5, 2, 1, 0.25, 0]);
    });

    it('noise baselines are reproducible by seed; scores may come back as a plain array', async () => {
      const plain: ScoreFn = async (batch) => {
        const s = tf.tidy(() => batch.sum([1, 2, 3]));
        const out = Array.from(await s.data());
        s.dispose();
        return out;
      };
      const run = (seed: number) =>
        deletionInsertion(plain, image, ranking, {
          steps: 4,
          baseline: 'noise',
          seed,
          curves: ['insertion'],
        });
      const a = await run(3);
      expect((await run(3)).insertion).toEqual(a.insertion);
      expect((await run(4)).insertion?.scores).not.toEqual(a.insertion?.scores);
      // Whatever the noise, the last step shows the whole image: sum 10.
      expect(a.insertion?.scores[4]).toBe(10);
    });

    it('keeps every tensor it makes disposed', async () => {
      const before = tf.memory().numTensors;
      await deletionInsertion(meanScorer(), image, ranking, { steps: 4 });
      expect(tf.memory().numTensors).toBe(before);
    });

    it('explains what is wrong with its arguments', async () => {
      await expect(deletionInsertion(meanScorer(), image, map(1, 4, [1, 2, 3, 4]))).rejects.toThrow(
        /outputSize/,
      );
      await expect(deletionInsertion(meanScorer(), image, ranking, { steps: 5 })).rejects.toThrow(/steps/);
      const wrongCount: ScoreFn = async () => new Float32Array(1);
      await expect(deletionInsertion(wrongCount, image, ranking, { steps: 4 })).rejects.toThrow(
        /scores for a batch/,
      );
    });
  });
});

describe('occlusion', () => {
  /** A linear model, score = sum of w * x, with integer weights so float32 sums are exact. */
  function linearScorer(weights: number[], shape: [number, number, number]): ScoreFn {
    return async (batch) => {
      const s = tf.tidy(() => batch.mul(tf.tensor3d(weights, shape)).sum([1, 2, 3]));
      const out = (await s.data()) as Float32Array;
      s.dispose();
      return out;
    };
  }

  // w(r, c) = 4r + c on a 4x4 grid.
  const weights = Array.from({ length: 16 }, (_, i) => i);
  const scorer = linearScorer(weights, [4, 4, 1]);

  describe('occlusionMap', () => {
    it('on a linear model and an all-ones image, equals the patch sums of the weights', async () => {
      const ones = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
      const r = await occlusionMap(scorer, ones, { patch: 2, baseline: 0 });
      expect(r.original).toBe(120);
      expect(r.map.width).toBe(2);
      expect(r.map.height).toBe(2);
      // 0+1+4+5, 2+3+6+7, 8+9+12+13, 10+11+14+15.
      expect(Array.from(r.map.data)).toEqual([10, 18, 42, 50]);
      ones.dispose();
    });

    it('with overlapping patches: the 2x2 sum at cell (i, j) is 16i + 4j + 10', async () => {
      const ones = tf.ones([4, 4, 1]) as tf.Tensor3D;
      const r = await occlusionMap(scorer, ones, { patch: 2, stride: 1, baseline: 0, batchSize: 4 });
      const expected = Array.from({ length: 9 }, (_, k) => 16 * Math.floor(k / 3) + 4 * (k % 3) + 10);
      expect(Array.from(r.map.data)).toEqual(expected);
      ones.dispose();
    });

    it('scores the drop towards the baseline: (x - b) * w summed over the patch', async () => {
      // Image 3 everywhere, baseline 1: every cell is 2 x its weight sum.
      const threes = tf.fill([1, 4, 4, 1], 3) as tf.Tensor4D;
      const r = await occlusionMap(scorer, threes, { patch: 2, baseline: 1 });
      expect(Array.from(r.map.data)).toEqual([20, 36, 84, 100]);
      threes.dispose();
    });

    it('tries only patches that fit', async () => {
      const ones = tf.ones([1, 5, 5, 1]) as tf.Tensor4D;
      const five = linearScorer(new Array(25).fill(1), [5, 5, 1]);
      const r = await occlusionMap(five, ones, { patch: 2, stride: 2 });
      expect([r.map.width, r.map.height]).toEqual([2, 2]);
      expect(Array.from(r.map.data)).toEqual([4, 4, 4, 4]);
      ones.dispose();
    });
  });

  describe('occlusionAgreement', () => {
    const occlusion = {
      map: { data: Float32Array.from([10, 18, 42, 50]), width: 2, height: 2 },
      original: 120,
      patch: 2,
      stride: 2,
      imageWidth: 4,
      imageHeight: 4,
    };

    it('pools the explanation over each patch window', () => {
      const map = { data: Float32Array.from(weights), width: 4, height: 4 };
      expect(Array.from(poolToOcclusionGrid(map, occlusion).data)).toEqual([2.5, 4.5, 10.5, 12.5]);
    });

    it('agrees fully with a map that ranks the patches the same way, and inversely with its reverse', () => {
      const map = { data: Float32Array.from(weights), width: 4, height: 4 };
      expect(occlusionAgreement(map, occlusion).spearman).toBeCloseTo(1, 12);
      const reversed = { data: Float32Array.from(weights, (w) => 15 - w), width: 4, height: 4 };
      expect(occlusionAgreement(reversed, occlusion).spearman).toBeCloseTo(-1, 12);
    });

    it('refuses a map of another size than the occluded image', () => {
      expect(() =>
        poolToOcclusionGrid({ data: new Float32Array(4), width: 2, height: 2 }, occlusion),
      ).toThrow(/4x4/);
    });
  });
});

describe('confidence change', () => {
  const scorer =
    (f: (mean: tf.Tensor1D) => tf.Tensor1D): ScoreFn =>
    async (batch) => {
      const s = tf.tidy(() => f(batch.mean([1, 2, 3]) as tf.Tensor1D));
      const out = (await s.data()) as Float32Array;
      s.dispose();
      return out;
    };
  const map = { data: Float32Array.from([1, 0.5, 0, 0.5]), width: 2, height: 2 };

  describe('confidenceChange', () => {
    const image = tf.tensor4d([0.2, 0.4, 0.6, 0.8], [1, 2, 2, 1]);

    it('drop = max(0, Y - O) / Y for a score that falls', async () => {
      // Y = mean(0.2, 0.4, 0.6, 0.8) = 0.5; O = mean(0.2, 0.2, 0, 0.4) = 0.2; drop = 0.3 / 0.5.
      const r = await confidenceChange(
        scorer((m) => m),
        image,
        map,
      );
      expect(r.original).toBeCloseTo(0.5, 6);
      expect(r.explained).toBeCloseTo(0.2, 6);
      expect(r.drop).toBeCloseTo(0.6, 6);
      expect(r.increase).toBe(false);
    });

    it('no drop and an increase for a score that rises', async () => {
      // Score 1 - mean: Y = 0.5, O = 0.8.
      const r = await confidenceChange(
        scorer((m) => tf.sub(1, m)),
        image,
        map,
      );
      expect(r.explained).toBeCloseTo(0.8, 6);
      expect(r.drop).toBe(0);
      expect(r.increase).toBe(true);
    });

    it('multiplies every channel of a pixel by its map value', async () => {
      // Pixels (1, 1, 1) x 1 and (3, 3, 3) x 0: Y = 2, O = 0.5, drop 0.75.
      const rgb = tf.tensor4d([1, 1, 1, 3, 3, 3], [1, 1, 2, 3]);
      const r = await confidenceChange(
        scorer((m) => m),
        rgb,
        { data: Float32Array.from([1, 0]), width: 2, height: 1 },
      );
      expect(r.drop).toBeCloseTo(0.75, 6);
      rgb.dispose();
    });

    it('summarises as the paper does, in percent', () => {
      const changes = [
        { original: 0.5, explained: 0.2, drop: 0.6, increase: false },
        { original: 0.5, explained: 0.8, drop: 0, increase: true },
      ];
      expect(summariseConfidence(changes)).toEqual({ averageDrop: 30, increaseInConfidence: 50 });
    });

    it('needs a map in [0, 1] and a positive score', async () => {
      const bad = { data: Float32Array.from([2, 0, 0, 0]), width: 2, height: 2 };
      await expect(
        confidenceChange(
          scorer((m) => m),
          image,
          bad,
        ),
      ).rejects.toThrow(/\[0, 1\]/);
      await expect(
        confidenceChange(
          scorer((m) => m.neg()),
          image,
          map,
        ),
      ).rejects.toThrow(/positive/);
    });
  });
});

describe('baselines', () => {
  const img = (values: number[], height: number, width: number, channels: number) => ({
    data: Float32Array.from(values),
    height,
    width,
    channels,
  });

  describe('baselineImage', () => {
    it('blur with weights 1/4, 1/2, 1/4 and clamped edges', () => {
      // sigma = 1 / sqrt(2 ln 2) makes the neighbour weight exp(-1 / (2 sigma^2)) = 1/2 of the centre.
      const sigma = 1 / Math.sqrt(2 * Math.LN2);
      const out = baselineImage(img([0, 4, 8], 1, 3, 1), 'blur', { blurSigma: sigma, blurRadius: 1 });
      // x0: 0/4 + 0/2 + 4/4 (the left edge repeats 0); x1: 0 + 2 + 2; x2: 1 + 4 + 2.
      Array.from(out).forEach((v, i) => {
        expect(v).toBeCloseTo([1, 4, 7][i], 6);
      });
    });

    it('blur keeps a constant image', () => {
      const out = baselineImage(img(new Array(5 * 6 * 2).fill(3), 5, 6, 2), 'blur');
      for (const v of out) expect(v).toBeCloseTo(3, 5);
    });

    it('mean is per channel', () => {
      expect(Array.from(baselineImage(img([1, 10, 3, 30], 1, 2, 2), 'mean'))).toEqual([2, 20, 2, 20]);
    });

    it('noise is seeded and has the image moments per channel', () => {
      // Channel 0 alternates 0/2 (mean 1, sd 1); channel 1 is constant 5 (sd 0).
      const values = Array.from({ length: 2 * 4000 }, (_, i) => (i % 2 ? 5 : (i / 2) % 2 ? 2 : 0));
      const image = img(values, 40, 100, 2);
      const a = baselineImage(image, 'noise', { seed: 1 });
      expect(baselineImage(image, 'noise', { seed: 1 })).toEqual(a);
      expect(baselineImage(image, 'noise', { seed: 2 })).not.toEqual(a);
      const c0 = a.filter((_, i) => i % 2 === 0);
      const mean = c0.reduce((s, v) => s + v, 0) / c0.length;
      const sd = Math.sqrt(c0.reduce((s, v) => s + (v - mean) ** 2, 0) / c0.length);
      expect(mean).toBeCloseTo(1, 1);
      expect(sd).toBeCloseTo(1, 1);
      expect(a.filter((_, i) => i % 2 === 1).every((v) => v === 5)).toBe(true);
    });

    it('a number is a constant, anything else is refused', () => {
      expect(Array.from(baselineImage(img([1, 2], 1, 2, 1), 0.5))).toEqual([0.5, 0.5]);
      expect(() => baselineImage(img([1], 1, 1, 1), 'zeros' as never)).toThrow(/unknown baseline/);
    });
  });
});
