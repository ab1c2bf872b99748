import { describe, expect, it } from 'vitest';
import { resizeImage, resizeMap } from '../src/index';

const values = (m: { data: ArrayLike<number> }) => Array.from(m.data);

describe('resizeMap', () => {
  it('upsamples 2x2 to 4x4 with half-pixel centres and clamped edges', () => {
    // Source centres sit at output coordinates 0.5*(2i+1)... i.e. output pixel x samples source
    // x' = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25; the outer ones clamp to the edge.
    const out = resizeMap({ data: Float32Array.from([0, 1, 2, 3]), width: 2, height: 2 }, 4, 4);
    expect(out).toMatchObject({ width: 4, height: 4 });
    // biome-ignore format: a 4x4 grid reads best as one
    expect(values(out)).toEqual([
      0,   0.25, 0.75, 1,
      0.5, 0.75, 1.25, 1.5,
      1.5, 1.75, 2.25, 2.5,
      2,   2.25, 2.75, 3,
    ]);
  });

  it('halving averages each 2x2 block', () => {
    const src = Float32Array.from({ length: 16 }, (_, i) => i);
    const out = resizeMap({ data: src, width: 4, height: 4 }, 2, 2);
    // Block means: (0+1+4+5)/4, (2+3+6+7)/4, (8+9+12+13)/4, (10+11+14+15)/4.
    expect(values(out)).toEqual([2.5, 4.5, 10.5, 12.5]);
  });

  it('resizes each axis on its own and keeps a same-size map', () => {
    // 3x1 -> 5x1: x' = (x+0.5)*0.6-0.5 = -0.2, 0.4, 1.0, 1.6, 2.2 over [0, 10, 20].
    const row = resizeMap({ data: Float32Array.from([0, 10, 20]), width: 3, height: 1 }, 5, 2);
    const expected = [0, 4, 10, 16, 20];
    values(row).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i % 5], 5);
    });
    const same = { data: Float32Array.from([0.1, 0.9]), width: 2, height: 1 };
    expect(values(resizeMap(same, 2, 1))).toEqual(values(same));
  });

  it('rejects bad sizes', () => {
    const m = { data: new Float32Array(4), width: 2, height: 2 };
    expect(() => resizeMap(m, 0, 4)).toThrow(/target width must be a positive integer/);
    expect(() => resizeMap(m, 4, 2.5)).toThrow(/target height must be a positive integer/);
  });
});

describe('resizeImage', () => {
  it('interpolates each channel and rounds to bytes', () => {
    // 2x1 black/white to 4x1: weights 0, 0.25, 0.75, 1 -> 0, 63.75, 191.25, 255.
    const image = {
      data: Uint8Array.from([0, 0, 0, 255, 255, 255]),
      width: 2,
      height: 1,
      channels: 3 as const,
    };
    const out = resizeImage(image, 4, 1);
    expect(out).toMatchObject({ width: 4, height: 1, channels: 3 });
    expect(values(out)).toEqual([0, 0, 0, 64, 64, 64, 191, 191, 191, 255, 255, 255]);
  });

  it('keeps the alpha channel', () => {
    const image = {
      data: Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80]),
      width: 2,
      height: 1,
      channels: 4 as const,
    };
    expect(values(resizeImage(image, 1, 1))).toEqual([30, 40, 50, 60]);
  });
});
