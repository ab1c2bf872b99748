// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededUniform, selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainDecoded, explainInChunks } from '../src/explain/explain-image';
import { explainImages } from '../src/explain/explain-images';
import { chunkRanges, mapsPerChunk } from '../src/explain/map-chunks';
import type { ImageSummary, RunInfo } from '../src/explain/summary';
import { openModel } from '../src/model/open-model';
import { readNpy } from './helpers/npy-reader';
import { freshDir } from './helpers/run-cli';
import { drawPicture, tinyClassifier, writePictures } from './helpers/tiny-classifier';

beforeAll(async () => {
  await selectBackend('cpu');
});

const settings = {
  method: 'gradcam',
  counterfactual: false,
  guided: false,
  preset: 'unit' as const,
  choice: { kind: 'top' as const, k: 7 },
};

async function tinyModel(root: string) {
  const built = tinyClassifier({ classes: 9 });
  await built.save(fileSystemSaver(join(root, 'model')));
  built.dispose();
  return openModel(join(root, 'model'), { layers: [] });
}

describe('--top in chunks of classes', () => {
  it('ranges: the page first, then fixed chunks, covering every class once', () => {
    expect(chunkRanges(7, 3, 2)).toEqual([
      [0, 3],
      [3, 5],
      [5, 7],
    ]);
    expect(chunkRanges(7, 0, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 7],
    ]);
    expect(chunkRanges(2, 50, 4)).toEqual([[0, 2]]);
    // 4 bytes per pixel: 32 MiB holds 27 maps of 640x480, 4 of 1600x1200, and always one.
    expect(mapsPerChunk(480, 640)).toBe(27);
    expect(mapsPerChunk(1200, 1600)).toBe(4);
    expect(mapsPerChunk(10000, 10000)).toBe(1);
  });

  it('chunks give the maps of one call, no chunk holds more than its share, no tensor is left', async () => {
    const model = await tinyModel(freshDir());
    const image = drawPicture(40, 30, seededUniform(8));
    const whole = await explainDecoded(model, image, settings);
    const baseline = tf.memory().numTensors;
    const sizes: number[] = [];
    const maps: Float32Array[] = [];
    const result = await explainInChunks(model, image, settings, { chunk: 3 }, async (part) => {
      sizes.push(part.explanation.maps.length);
      expect(part.explained).toEqual(whole.explained.slice(part.offset, part.offset + part.explained.length));
      for (const m of part.explanation.maps) maps.push(m.map.data);
    });
    expect(tf.memory().numTensors).toBe(baseline);
    expect(sizes).toEqual([3, 3, 1]);
    expect(result.explained).toEqual(whole.explained);
    whole.explanation.maps.forEach((m, k) => {
      expect(Array.from(maps[k])).toEqual(Array.from(m.map.data));
    });
    model.dispose();
  });

  it('explainImages in chunks writes the same files and summaries as in one call', async () => {
    const root = freshDir();
    const model = await tinyModel(root);
    const files = await writePictures(join(root, 'images'), 2, 9);
    // Head calls tell the engine calls apart: one to score the classes, one per chunk's backward pass.
    let heads = 0;
    const [first] = model.adapters;
    const head = first.head.bind(first);
    model.adapters[0] = Object.assign(Object.create(first), {
      head: (a: tf.Tensor4D, c: unknown) => {
        heads++;
        return head(a, c);
      },
    });
    const run = (out: string, mapChunkBytes?: number) =>
      explainImages(model, files, {
        ...settings,
        out: join(root, out),
        formats: ['npy', 'json', 'html'],
        colormap: 'jet',
        pageMaps: 2,
        run: { targets: 'the top 7 classes', model: { source: 'm', scoresLogits: true } } as RunInfo,
        mapChunkBytes,
      });
    mkdirSync(join(root, 'one'));
    mkdirSync(join(root, 'chunked'));
    const one = await run('one');
    expect(heads).toBe(2 * 2);
    heads = 0;
    // Two maps of the 48x40 pictures per call after the page's two: calls of 2, 2, 2 and 1 classes.
    const chunked = await run('chunked', 2 * 4 * 48 * 40);
    expect(chunked.failures).toEqual([]);
    expect(heads).toBe(2 * (1 + 4));
    const strip = (s: ImageSummary) => ({ ...s, timing: undefined });
    expect(chunked.images.map(strip)).toEqual(one.images.map(strip));
    for (const image of one.images) {
      for (const m of image.maps) {
        const npy = m.files.find((f) => f.endsWith('.npy'))!;
        const read = (dir: string) => readNpy(readFileSync(join(root, dir, npy))).data;
        expect(Array.from(read('chunked'))).toEqual(Array.from(read('one')));
      }
      const page = readFileSync(join(root, 'chunked', `${image.name}.html`), 'utf8');
      expect(page).toContain('this page shows the first 2 of 7 maps');
    }
    model.dispose();
  });
});
