import { describe, expect, it } from 'vitest';
import { seededGaussian, seededUniform } from '../src/random';

describe('the seeded generator', () => {
  it('gives the same sequence for a seed and another for another seed', () => {
    const a = seededUniform(12);
    const b = seededUniform(12);
    const c = seededUniform(13);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it('draws uniforms in [0, 1) with the uniform mean and variance (1/2, 1/12) over 100,000 draws', () => {
    const next = seededUniform(7);
    let sum = 0;
    let squares = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      squares += u * u;
    }
    const mean = sum / n;
    // Standard errors: 0.0009 for the mean, 0.0003 for the variance.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.004);
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(0.0015);
  });

  it('draws standard normals (mean 0, variance 1, 2.5% beyond 1.96) over 100,000 draws', () => {
    const next = seededGaussian(seededUniform(3));
    const n = 100_000;
    let sum = 0;
    let squares = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const z = next();
      sum += z;
      squares += z * z;
      if (z > 1.96) tail++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.015);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(tail / n - 0.025)).toBeLessThan(0.003);
  });
});
