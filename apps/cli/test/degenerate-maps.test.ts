import type { MapData } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { degenerateLine, degenerateMaps, pageBanner } from '../src/report/degenerate-maps';

const map = (values: number[]): MapData => ({ data: Float32Array.from(values), width: 2, height: 2 });

describe('degenerateMaps', () => {
  it('flags a constant map and leaves a varying one alone', () => {
    const reasons = degenerateMaps([map([0, 0, 0, 0]), map([0, 1, 0, 0])]);
    expect(reasons[0]).toMatch(/^degenerate map: constant \(0\)/);
    expect(reasons[1]).toBeUndefined();
  });

  it('flags maps byte-identical for every target, not two equal among distinct ones', () => {
    const same = degenerateMaps([map([0, 1, 0.5, 0]), map([0, 1, 0.5, 0]), map([0, 1, 0.5, 0])]);
    expect(same.every((r) => r?.includes('byte-identical for all 3 targets'))).toBe(true);
    const oneDiffers = degenerateMaps([map([0, 1, 0.5, 0]), map([0, 1, 0.5, 0]), map([0, 1, 0.5, 1e-7])]);
    expect(oneDiffers).toEqual([undefined, undefined, undefined]);
    // One map alone cannot be compared with others.
    expect(degenerateMaps([map([0, 1, 0.5, 0])])).toEqual([undefined]);
  });

  it('summarises for the CLI and the page banner', () => {
    const reasons = degenerateMaps([map([1, 1, 1, 1]), map([0, 1, 0, 0])]);
    expect(degenerateLine(reasons, 'word maps')).toMatch(/^1 of 2 word maps: degenerate map: constant \(1\)/);
    expect(degenerateLine([undefined], 'word maps')).toBeUndefined();
    expect(pageBanner('note', reasons)).toEqual(['note', reasons[0]]);
    expect(pageBanner(undefined, [undefined])).toBeUndefined();
  });
});
