import { describe, expect, it } from 'vitest';
import { boxLocalization, energyPointing, type Mask, pointingGame } from '../src/index';

const map = (width: number, height: number, values: number[]) => ({
  data: Float32Array.from(values),
  width,
  height,
});
const mask = (width: number, height: number, inside: (x: number, y: number) => boolean): Mask => ({
  data: Uint8Array.from({ length: width * height }, (_, i) =>
    inside(i % width, Math.floor(i / width)) ? 1 : 0,
  ),
  width,
  height,
});

describe('boxLocalization', () => {
  // The 2x2 blob at x 1..2, y 1..2 is the largest segment above 15% of 10 = 1.5; the lone 2 at
  // (5, 3) is a segment of its own, and the 1 at (4, 2) is below the cut.
  // biome-ignore format: a grid reads best as one
  const blob = map(6, 5, [
    0, 0,  0,  0, 0, 0,
    0, 10, 8,  0, 0, 0,
    0, 9,  10, 0, 1, 0,
    0, 0,  0,  0, 0, 2,
    0, 0,  0,  0, 0, 0,
  ]);
  const a = { x0: 1, y0: 1, x1: 3, y1: 2 }; // 3x2; overlaps the 2x2 box in 4 pixels: IoU 4 / 6
  const b = { x0: 2, y0: 2, x1: 4, y1: 4 }; // 3x3; overlaps in 1 pixel: IoU 1 / (4 + 9 - 1)

  it('boxes the largest segment and takes the best ground-truth box', () => {
    const r = boxLocalization(blob, [b, a]);
    expect(r.box).toEqual({ x0: 1, y0: 1, x1: 2, y1: 2 });
    expect(r.iou).toBeCloseTo(4 / 6, 12);
    expect(r.gtIndex).toBe(1);
    expect(r.hit).toBe(true);
  });

  it('misses below IoU 0.5, and the criterion can be changed', () => {
    const r = boxLocalization(blob, [b]);
    expect(r.iou).toBeCloseTo(1 / 12, 12);
    expect(r.hit).toBe(false);
    expect(boxLocalization(blob, [b], { iouThreshold: 0.05 }).hit).toBe(true);
  });

  it('a lower threshold lets the small segment grow, but the blob stays the largest', () => {
    // At 10% (cut 1) the 1 at (4, 2) joins the 2 at (5, 3) diagonally: a segment of 2 < 4.
    expect(boxLocalization(blob, [a], { threshold: 0.1 }).box).toEqual({ x0: 1, y0: 1, x1: 2, y1: 2 });
  });

  it('an all-zero map has no box and scores 0', () => {
    expect(boxLocalization(map(2, 2, [0, 0, 0, 0]), [a])).toEqual({
      box: null,
      iou: 0,
      gtIndex: -1,
      hit: false,
    });
  });

  it('needs a ground-truth box', () => {
    expect(() => boxLocalization(blob, [])).toThrow(/ground-truth/);
  });
});

describe('pointingGame', () => {
  const leftColumns = mask(5, 5, (x) => x <= 1);
  const peakAt = (x: number, y: number) => {
    const m = map(5, 5, new Array(25).fill(0.1));
    m.data[y * 5 + x] = 1;
    return m;
  };

  it('hits when the maximum lies inside the mask', () => {
    expect(pointingGame(peakAt(0, 2), leftColumns)).toEqual({
      hit: true,
      point: { x: 0, y: 2 },
      distance: 0,
      tiedMaxima: 1,
    });
  });

  it('misses when the maximum lies outside, unless within the tolerance radius', () => {
    // (3, 1) is 2 pixels from the nearest mask pixel (1, 1).
    const m = peakAt(3, 1);
    expect(pointingGame(m, leftColumns)).toMatchObject({ hit: false, distance: 2 });
    expect(pointingGame(m, leftColumns, { tolerance: 1.9 }).hit).toBe(false);
    expect(pointingGame(m, leftColumns, { tolerance: 2 }).hit).toBe(true);
  });

  it('measures the radius as a Euclidean distance', () => {
    // From (3, 0) to the single mask pixel (0, 4): sqrt(9 + 16) = 5.
    const corner = mask(5, 5, (x, y) => x === 0 && y === 4);
    expect(pointingGame(peakAt(3, 0), corner).distance).toBe(5);
    expect(pointingGame(peakAt(3, 0), corner, { tolerance: 4.99 }).hit).toBe(false);
    expect(pointingGame(peakAt(3, 0), corner, { tolerance: 5 }).hit).toBe(true);
  });

  it('ties: the first maximum in row-major order by default, any of them on request', () => {
    const m = peakAt(4, 0);
    m.data[3 * 5 + 0] = 1; // a second maximum, inside the mask but later in row-major order
    expect(pointingGame(m, leftColumns)).toMatchObject({ hit: false, point: { x: 4, y: 0 }, tiedMaxima: 2 });
    expect(pointingGame(m, leftColumns, { ties: 'any' })).toMatchObject({ hit: true, point: { x: 0, y: 3 } });
  });

  it('refuses a mask of another size', () => {
    expect(() =>
      pointingGame(
        peakAt(0, 0),
        mask(4, 5, () => true),
      ),
    ).toThrow(/outputSize/);
  });
});

describe('energyPointing', () => {
  it('is the share of the mass inside the mask', () => {
    // 0.5 of a total 1.0 lies in the top-left pixel.
    expect(
      energyPointing(
        map(2, 2, [0.5, 0.25, 0.25, 0]),
        mask(2, 2, (x, y) => x === 0 && y === 0),
      ),
    ).toBe(0.5);
  });

  it('ignores negative values: mass 1 + 3 + 4 = 8, of which 1 + 4 inside', () => {
    const inside = mask(2, 2, (x, y) => !(x === 1 && y === 0)); // all but the 3
    expect(energyPointing(map(2, 2, [1, 3, -2, 4]), inside)).toBe(5 / 8);
  });

  it('is 0 for an all-zero map and 1 when the mask covers everything', () => {
    expect(
      energyPointing(
        map(2, 1, [0, 0]),
        mask(2, 1, () => true),
      ),
    ).toBe(0);
    expect(
      energyPointing(
        map(2, 1, [0.3, 0.9]),
        mask(2, 1, () => true),
      ),
    ).toBe(1);
  });
});
