import { describe, expect, it } from 'vitest';
import { boxIoU, localize } from '../src';

function mapOf(rows: number[][]) {
  return { data: Float32Array.from(rows.flat()), width: rows[0].length, height: rows.length };
}

describe("the paper's localization: 15% threshold, largest segment, its box", () => {
  it('keeps the largest connected segment above 15% of the maximum', () => {
    const map = mapOf([
      [1, 0, 0, 0, 0, 0],
      [0, 0, 0.2, 0.3, 0, 0],
      [0, 0, 0.5, 0.4, 0.16, 0],
      [0, 0, 0, 0.14, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
    expect(localize(map)).toEqual({ x0: 2, y0: 1, x1: 4, y1: 2, area: 5 });
    expect(localize(map, { threshold: 0.1 })).toEqual({ x0: 2, y0: 1, x1: 4, y1: 3, area: 6 });
  });

  it('connectivity 4 splits diagonal neighbours, 8 joins them', () => {
    const map = mapOf([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(localize(map)?.area).toBe(3);
    expect(localize(map, { connectivity: 4 })?.area).toBe(1);
  });

  it('an all-zero map has no box', () => {
    expect(localize(mapOf([[0, 0]]))).toBeNull();
  });

  it('box IoU', () => {
    expect(boxIoU({ x0: 0, y0: 0, x1: 1, y1: 1 }, { x0: 1, y0: 1, x1: 2, y1: 2 })).toBeCloseTo(1 / 7);
    expect(boxIoU({ x0: 0, y0: 0, x1: 1, y1: 1 }, { x0: 3, y0: 3, x1: 4, y1: 4 })).toBe(0);
  });
});
