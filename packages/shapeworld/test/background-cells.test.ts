import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateScene, sceneSeed } from '../src/index';
import { backgroundActivation, backgroundCells } from '../src/models/background-cells';
import { useWasm } from './helpers/wasm';

beforeAll(useWasm);

describe('backgroundCells', () => {
  it('is 0 exactly at the 4x4-pixel cells that some mask pixel falls in, 1 elsewhere', () => {
    const scenes = [0, 1, 2].map((k) => generateScene(sceneSeed(5, k)));
    const cells = backgroundCells(scenes, 16);
    expect(cells.shape).toEqual([3, 16, 16, 1]);
    const values = cells.dataSync();
    scenes.forEach((scene, s) => {
      for (let row = 0; row < 16; row++) {
        for (let col = 0; col < 16; col++) {
          let touched = false;
          for (const o of scene.objects)
            for (let dy = 0; dy < 4; dy++)
              for (let dx = 0; dx < 4; dx++) if (o.mask[(row * 4 + dy) * 64 + col * 4 + dx]) touched = true;
          expect(values[(s * 16 + row) * 16 + col]).toBe(touched ? 0 : 1);
        }
      }
    });
    cells.dispose();
  });

  it('backgroundActivation averages |features| over background cells and channels only', () => {
    const background = tf.tensor4d([1, 0, 1, 1], [1, 2, 2, 1]);
    // Two channels; the object cell (index 1) holds a large value that must not count.
    const features = tf.tensor4d([1, -3, 100, 100, 0, 2, 4, 0], [1, 2, 2, 2]);
    const value = backgroundActivation(features, background);
    expect(value.dataSync()[0]).toBeCloseTo((1 + 3 + 0 + 2 + 4 + 0) / 6, 6);
    tf.dispose([background, features, value]);
  });
});
