// Statistics against hand-computed values and printed tables.
import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  centreMap,
  meanInterval,
  randomMap,
  rankCorrelation,
  ssim,
  studentTCdf,
  studentTQuantile,
} from '../src/index';

describe('rank correlation', () => {
  describe('averageRanks', () => {
    it('gives tied values the mean of the ranks they span', () => {
      expect(Array.from(averageRanks([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2]);
      expect(Array.from(averageRanks([5, 5, 5]))).toEqual([2, 2, 2]);
    });
  });

  describe('rankCorrelation (Spearman)', () => {
    it('without ties matches 1 - 6 sum d^2 / (n (n^2 - 1))', () => {
      // Ranks 1 2 3 4 against 1 3 2 4: sum d^2 = 2, rho = 1 - 12 / 60 = 0.8.
      expect(rankCorrelation([10, 20, 30, 40], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    });

    it('with ties is the Pearson correlation of average ranks', () => {
      // b's ranks: 1, 2, 3.5, 5, 3.5. Deviations from 3: a -2 -1 0 1 2, b -2 -1 0.5 2 0.5;
      // sum of products 8, sums of squares 10 and 9.5: rho = 8 / sqrt(95) = 0.82078...
      expect(rankCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
    });

    it('is 1 under any increasing transform and -1 under a decreasing one', () => {
      const x = [0.3, 0.1, 0.9, 0.5, 0.7];
      expect(rankCorrelation(x, x.map(Math.exp))).toBeCloseTo(1, 12);
      expect(
        rankCorrelation(
          x,
          x.map((v) => -(v ** 3)),
        ),
      ).toBeCloseTo(-1, 12);
    });

    it('is undefined (NaN) when one side is constant', () => {
      expect(rankCorrelation([1, 2, 3], [4, 4, 4])).toBeNaN();
    });

    it('takes maps, and refuses maps of different sizes', () => {
      const a = { data: Float32Array.from([1, 2, 3, 4]), width: 2, height: 2 };
      const b = { data: Float32Array.from([1, 2, 3, 4]), width: 4, height: 1 };
      expect(rankCorrelation(a, a)).toBeCloseTo(1, 12);
      expect(() => rankCorrelation(a, b)).toThrow(/resize/);
      expect(() => rankCorrelation([1, 2], [1, 2, 3])).toThrow(/equal lengths/);
    });
  });
});

describe('structural similarity', () => {
  const constant = (v: number, size: number) => ({
    data: new Float32Array(size * size).fill(v),
    width: size,
    height: size,
  });

  describe('ssim', () => {
    it('is 1 for identical maps', () => {
      const m = randomMap(16, 16, 3);
      expect(ssim(m, m)).toBeCloseTo(1, 10);
      expect(ssim(m, m, { window: 7 })).toBeCloseTo(1, 10);
    });

    it('is negative for a map against its inverse 1 - x', () => {
      const m = randomMap(16, 16, 4);
      const inverse = { ...m, data: m.data.map((v) => 1 - v) };
      expect(ssim(m, inverse)).toBeLessThan(0);
    });

    it('is negative for a signed map against its negation when local means are ~0', () => {
      // A zero-mean pattern with period 2 in x and y: every 7x7 gaussian window averages close to 0
      // (|mean| < 0.01 << sqrt(C1 / 2)), so luminance ~ 1 and structure ~ -1.
      const size = 12;
      const data = Float32Array.from({ length: size * size }, (_, i) =>
        ((i % size) + Math.floor(i / size)) % 2 ? 1 : -1,
      );
      const m = { data, width: size, height: size };
      const neg = { ...m, data: data.map((v) => -v) };
      expect(ssim(m, neg, { window: 7, dataRange: 2 })).toBeLessThan(-0.9);
    });

    it('for non-negative maps x and -x flip both terms, so the product is positive (documented)', () => {
      const m = centreMap(16, 16);
      expect(ssim(m, { ...m, data: m.data.map((v) => -v) })).toBeGreaterThan(0);
    });

    it('constant maps: only the luminance term, (2ab + C1) / (a^2 + b^2 + C1)', () => {
      // C1 = (0.01)^2: (0.24 + 1e-4) / (0.40 + 1e-4).
      expect(ssim(constant(0.2, 7), constant(0.6, 7), { window: 7 })).toBeCloseTo(0.2401 / 0.4001, 6);
    });

    it('a 1-pixel window is the mean per-pixel luminance term', () => {
      // Pixel 1: x = y = 0.5 gives 1. Pixel 2: (0 + C1) / (1 + C1).
      const a = { data: Float32Array.from([0.5, 1]), width: 2, height: 1 };
      const b = { data: Float32Array.from([0.5, 0]), width: 2, height: 1 };
      expect(ssim(a, b, { window: 1 })).toBeCloseTo((1 + 1e-4 / (1 + 1e-4)) / 2, 10);
    });

    it('explains when the maps are smaller than the window', () => {
      expect(() => ssim(constant(0, 7), constant(0, 7))).toThrow(/window 7/);
    });
  });
});

describe('intervals', () => {
  describe('Student t', () => {
    it('has the closed-form CDFs of 1 and 2 degrees of freedom', () => {
      // df 1 is the Cauchy distribution: F(1) = 3/4. df 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)).
      expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
      expect(studentTCdf(1, 2)).toBeCloseTo(0.5 + 1 / (2 * Math.sqrt(3)), 12);
      expect(studentTCdf(-1, 2)).toBeCloseTo(0.5 - 1 / (2 * Math.sqrt(3)), 12);
    });

    it('matches printed t tables', () => {
      expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062047, 6);
      expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451, 6);
      expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2621572, 6);
      expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.8124611, 6);
      expect(studentTQuantile(0.995, 30)).toBeCloseTo(2.7499957, 6);
      expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 5);
      expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764451, 6);
    });
  });

  describe('meanInterval', () => {
    it('t-interval of 1..5: 3 +- 2.7764451 x sqrt(2.5 / 5)', () => {
      const r = meanInterval([1, 2, 3, 4, 5]);
      const half = 2.7764451 * Math.sqrt(0.5);
      expect(r.mean).toBe(3);
      expect(r.std).toBeCloseTo(Math.sqrt(2.5), 12);
      expect(r.lower).toBeCloseTo(3 - half, 6);
      expect(r.upper).toBeCloseTo(3 + half, 6);
      expect(r).toMatchObject({ n: 5, method: 't', confidence: 0.95 });
    });

    it('bootstrap: deterministic by seed, close to the t-interval on symmetric data', () => {
      // Irregular values, so that resampled means do not fall on a coarse lattice.
      const values = Array.from({ length: 20 }, (_, i) => (i + 1) ** 1.5);
      const a = meanInterval(values, { method: 'bootstrap', seed: 7 });
      expect(meanInterval(values, { method: 'bootstrap', seed: 7 })).toEqual(a);
      expect(meanInterval(values, { method: 'bootstrap', seed: 8 })).not.toEqual(a);
      const t = meanInterval(values);
      expect(a.lower).toBeLessThan(a.mean);
      expect(a.upper).toBeGreaterThan(a.mean);
      // The percentile bootstrap is a little narrower (it uses the n-denominator spread, z not t).
      const ratio = (a.upper - a.lower) / (t.upper - t.lower);
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.05);
    });

    it('constant values give a zero-width interval; one value gives none', () => {
      const c = meanInterval([2, 2, 2, 2], { method: 'bootstrap' });
      expect([c.lower, c.upper]).toEqual([2, 2]);
      const one = meanInterval([4]);
      expect(one.mean).toBe(4);
      expect(one.lower).toBeNaN();
    });

    it('refuses NaN values instead of averaging them away', () => {
      expect(() => meanInterval([1, Number.NaN])).toThrow(/drop undefined/);
    });
  });
});

describe('meanInterval of a constant', () => {
  it('is exactly the constant, inside its own interval (ten values of 1 sum before dividing)', () => {
    const ones = Array.from({ length: 10 }, () => 1);
    for (const method of ['t', 'bootstrap'] as const) {
      const r = meanInterval(ones, { method });
      expect(r.mean).toBe(1);
      expect(r.lower).toBe(1);
      expect(r.upper).toBe(1);
    }
  });
});
