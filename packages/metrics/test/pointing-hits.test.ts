import { describe, expect, it } from 'vitest';
import { mapPeak, pointingHits, unionMask, zhangTolerance } from '../src/index';

const grid = (width: number, height: number, at: (x: number, y: number) => number) => ({
  data: Float32Array.from({ length: width * height }, (_, i) => at(i % width, Math.floor(i / width))),
  width,
  height,
});

describe('mapPeak', () => {
  it('is the first maximum in row-major order', () => {
    // Maxima of 5 at (3, 1) and (0, 2): the first in reading order wins.
    const map = grid(4, 3, (x, y) => ((x === 3 && y === 1) || (x === 0 && y === 2) ? 5 : x + y * 0.1));
    expect(mapPeak(map)).toEqual({ index: 7, x: 3, y: 1 });
  });

  it('skips NaN and refuses a map without a finite maximum', () => {
    expect(mapPeak({ data: Float32Array.from([Number.NaN, -2, -1]), width: 3, height: 1 }).index).toBe(2);
    expect(() => mapPeak({ data: Float32Array.from([Number.NaN, Number.NaN]), width: 2, height: 1 })).toThrow(
      'no finite maximum',
    );
  });
});

describe('zhangTolerance', () => {
  it("scales Zhang et al.'s 15 px at 224 to the image's longer side", () => {
    expect(zhangTolerance(224, 224)).toBe(15);
    expect(zhangTolerance(64, 64)).toBe(4); // 4.29
    expect(zhangTolerance(448, 100)).toBe(30);
  });
});

describe('pointingHits', () => {
  // A 64x64 mask: the square x 20..29, y 20..29.
  const mask = unionMask(
    [
      Uint8Array.from({ length: 64 * 64 }, (_, i) =>
        i % 64 >= 20 && i % 64 < 30 && i >= 20 * 64 && i < 30 * 64 ? 1 : 0,
      ),
    ],
    64,
    64,
  );
  const peakAt = (px: number, py: number) => grid(64, 64, (x, y) => -Math.hypot(x - px, y - py));

  it('inside the mask: both hits', () => {
    expect(pointingHits(peakAt(25, 25), mask)).toMatchObject({ inside: true, near: true, distance: 0 });
  });

  it('4 px right of the edge: near at 64 px, not inside; 5 px: neither', () => {
    expect(pointingHits(peakAt(33, 25), mask)).toMatchObject({
      inside: false,
      near: true,
      distance: 4,
      tolerance: 4,
    });
    expect(pointingHits(peakAt(34, 25), mask)).toMatchObject({ inside: false, near: false, distance: 5 });
  });

  it('diagonal distances are Euclidean: (32, 32) is sqrt(18) from the corner (29, 29), (31, 31) sqrt(8)', () => {
    const r = pointingHits(peakAt(32, 32), mask, { tolerance: 2.8 });
    expect(r.distance).toBeCloseTo(Math.sqrt(18), 12);
    expect(r.near).toBe(false);
    expect(pointingHits(peakAt(31, 31), mask, { tolerance: 2.83 }).near).toBe(true);
  });
});

describe('unionMask', () => {
  it('is 1 wherever any mask is', () => {
    const m = unionMask([Uint8Array.from([1, 0, 0, 0]), Uint8Array.from([0, 0, 0, 1])], 2, 2);
    expect(Array.from(m.data)).toEqual([1, 0, 0, 1]);
  });

  it('refuses no masks and a mask of another size', () => {
    expect(() => unionMask([], 2, 2)).toThrow('at least one object mask');
    expect(() => unionMask([new Uint8Array(3)], 2, 2)).toThrow('has 3 pixels, expected 2x2');
  });
});
