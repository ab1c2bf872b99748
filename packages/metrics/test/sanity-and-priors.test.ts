// The model randomisation check and the prior maps it and the localization metrics are compared to.
import { describe, expect, it } from 'vitest';
import {
  centreMap,
  createGaussian,
  createRng,
  modelRandomisation,
  randomMap,
  rankCorrelation,
  ssim,
  uniformMap,
} from '../src/index';

describe('sanity', () => {
  describe('modelRandomisation', () => {
    const a = centreMap(12, 12);
    const b = randomMap(12, 12, 1);
    const invert = (m: typeof a) => ({ ...m, data: m.data.map((v) => 1 - v) });

    it('compares every map of every step with the trained one', async () => {
      const r = await modelRandomisation(
        () => [a, b],
        [
          { label: 'unchanged', explain: async () => [a, b] },
          { label: 'inverted', explain: () => [invert(a), invert(b)] },
          { label: 'random', explain: () => [randomMap(12, 12, 2), randomMap(12, 12, 3)] },
        ],
      );
      const [same, inverted, random] = r.steps;
      expect(same.spearman.map((v) => Number(v.toFixed(10)))).toEqual([1, 1]);
      expect(same.meanSsim).toBeCloseTo(1, 10);
      expect(inverted.meanSpearman).toBeCloseTo(-1, 10);
      expect(inverted.ssim.every((v) => v < 0)).toBe(true);
      // Independent noise: weak correlation, the same numbers as computing by hand.
      expect(random.spearman[1]).toBeCloseTo(rankCorrelation(b, randomMap(12, 12, 3)), 12);
      expect(Math.abs(random.spearman[1])).toBeLessThan(0.3);
      // SSIM after min-max normalising both maps to [0, 1].
      const norm = (m: typeof a) => {
        const lo = Math.min(...m.data);
        const hi = Math.max(...m.data);
        return { ...m, data: m.data.map((v) => (v - lo) / (hi - lo)) };
      };
      expect(random.ssim[1]).toBeCloseTo(ssim(norm(b), norm(randomMap(12, 12, 3))), 5);
    });

    it('SSIM sees shapes, not scales: a map times 1000 is the same map', async () => {
      const scaled = { ...a, data: a.data.map((v) => 1000 * v) };
      const r = await modelRandomisation(() => a, [{ label: 'scaled', explain: () => scaled }]);
      expect(r.steps[0].ssim[0]).toBeCloseTo(1, 5);
    });

    it('counts constant maps (a dead randomised ReLU) as undefined correlations', async () => {
      const zero = { ...a, data: new Float32Array(a.data.length) };
      const r = await modelRandomisation(() => [a, b], [{ label: 'dead', explain: () => [zero, b] }]);
      expect(r.steps[0].spearman[0]).toBeNaN();
      expect(r.steps[0].undefinedSpearman).toBe(1);
      expect(r.steps[0].meanSpearman).toBeCloseTo(1, 10);
    });

    it('needs as many maps from every step', async () => {
      await expect(modelRandomisation(() => [a, b], [{ label: 'short', explain: () => a }])).rejects.toThrow(
        /short/,
      );
    });
  });
});

describe('prior maps', () => {
  const argmaxAll = (data: Float32Array) => {
    const max = Math.max(...data);
    return Array.from(data.keys()).filter((i) => data[i] === max);
  };

  describe('centreMap', () => {
    it('peaks at 1 at the centre pixel of an odd-sized map', () => {
      const m = centreMap(5, 5, 1);
      expect(argmaxAll(m.data)).toEqual([12]);
      expect(m.data[12]).toBe(1);
      // Corner (0, 0) is 2 pixels from the centre along each axis: exp(-(4 + 4) / 2).
      expect(m.data[0]).toBeCloseTo(Math.exp(-4), 7);
    });

    it('an even-sized map centres between pixels: the four central pixels tie', () => {
      expect(argmaxAll(centreMap(4, 4).data)).toEqual([5, 6, 9, 10]);
    });

    it('centres each axis separately for a non-square map', () => {
      expect(argmaxAll(centreMap(7, 3).data)).toEqual([1 * 7 + 3]);
    });
  });

  describe('uniformMap and randomMap', () => {
    it('uniform is constant', () => {
      expect(Array.from(uniformMap(2, 2, 0.5).data)).toEqual([0.5, 0.5, 0.5, 0.5]);
    });

    it('random maps are deterministic by seed and differ between seeds', () => {
      expect(randomMap(8, 8, 1)).toEqual(randomMap(8, 8, 1));
      expect(randomMap(8, 8, 1).data).not.toEqual(randomMap(8, 8, 2).data);
    });

    it('random values are uniform in [0, 1)', () => {
      const { data } = randomMap(100, 100, 5);
      expect(Math.min(...data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...data)).toBeLessThan(1);
      const mean = data.reduce((s, v) => s + v, 0) / data.length;
      expect(mean).toBeCloseTo(0.5, 2); // sd of the mean: 0.29 / 100
      const below = data.filter((v) => v < 0.25).length / data.length;
      expect(below).toBeCloseTo(0.25, 1);
    });

    it('the gaussian generator has mean 0 and variance 1', () => {
      const g = createGaussian(createRng(9));
      const xs = Array.from({ length: 20000 }, g);
      const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
      expect(Math.abs(mean)).toBeLessThan(0.03);
      expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    });
  });
});
