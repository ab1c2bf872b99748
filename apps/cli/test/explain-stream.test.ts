// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainImages } from '../src/explain/explain-images';
import { expandImagePaths } from '../src/explain/image-paths';
import type { RunInfo } from '../src/explain/summary';
import { openModel } from '../src/model/open-model';
import { freshDir } from './helpers/run-cli';
import { tinyClassifier, writePictures } from './helpers/tiny-classifier';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('explainImages over a folder', () => {
  it('streams one image at a time: the tensor count is the same after every image', async () => {
    const root = freshDir();
    const built = tinyClassifier();
    await built.save(fileSystemSaver(join(root, 'model')));
    built.dispose();
    await writePictures(join(root, 'images'), 5, 3);
    const files = await expandImagePaths([join(root, 'images')]);
    expect(files).toHaveLength(5);

    const model = await openModel(join(root, 'model'), { layers: [] });
    const baseline = tf.memory().numTensors;
    const counts: number[] = [];
    const result = await explainImages(model, files, {
      method: 'gradcam',
      counterfactual: false,
      guided: true,
      preset: 'unit',
      choice: { kind: 'top', k: 2 },
      out: join(root, 'out'),
      formats: ['png', 'npy', 'json'],
      colormap: 'jet',
      run: {} as RunInfo,
      onImage: () => counts.push(tf.memory().numTensors),
    });
    expect(result.failures).toEqual([]);
    expect(result.images).toHaveLength(5);
    expect(counts).toEqual(Array(5).fill(baseline));
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline - built.weights.length);
  });
});
