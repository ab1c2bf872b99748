import { localize, type MapData, seededUniform, selectBackend } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOX_SIDE, boundedBox } from '../src/explain/bounded-box';

beforeAll(async () => {
  await selectBackend('cpu');
});

/** A map as the engine makes them: a coarse grid of seeded values, bilinearly upsampled, in [0,1]. */
function upsampledMap(seed: number, width: number, height: number, grid = 7): MapData {
  const rng = seededUniform(seed);
  const cells = Float32Array.from({ length: grid * grid }, () => rng() ** 3);
  const data = tf.tidy(() => {
    const up = tf.image.resizeBilinear(tf.tensor4d(cells, [1, grid, grid, 1]), [height, width]);
    const min = up.min();
    return up.sub(min).div(up.max().sub(min)).dataSync() as Float32Array;
  });
  return { data: Float32Array.from(data), width, height };
}

describe('the 15% box at a bounded resolution', () => {
  it('matches the full-resolution box within one sampled block on large maps', () => {
    for (const seed of [1, 2, 3, 4]) {
      const map = upsampledMap(seed, 800, 600);
      const full = localize(map)!;
      const bounded = boundedBox(map)!;
      const block = Math.ceil(800 / BOX_SIDE);
      for (const k of ['x0', 'y0', 'x1', 'y1'] as const) {
        expect(Math.abs(bounded[k] - full[k]), `seed ${seed} ${k}`).toBeLessThanOrEqual(block);
      }
      expect(bounded.x1).toBeLessThan(800);
      expect(bounded.y1).toBeLessThan(600);
    }
  });

  it('is the full-resolution box itself on maps no larger than the bound', () => {
    for (const seed of [7, 8, 9]) {
      const map = upsampledMap(seed, BOX_SIDE, 100);
      const { area: _, ...full } = localize(map)!;
      expect(boundedBox(map)).toEqual(full);
    }
  });

  it('finds no box on an all-zero map', () => {
    expect(boundedBox({ data: new Float32Array(1000 * 500), width: 1000, height: 500 })).toBeNull();
  });
});
