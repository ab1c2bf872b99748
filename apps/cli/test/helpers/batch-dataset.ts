import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSystemSaver } from '@gradcam/tfjs';
import { freshDir } from './run-cli';
import { tinyClassifier, writePictures } from './tiny-classifier';

/** A seeded tiny classifier saved as a LayersModel, `count` seeded pictures and a corrupt one. */
export async function batchDataset(count: number, options: { corrupt?: boolean } = {}) {
  const root = freshDir();
  const built = tinyClassifier();
  await built.save(fileSystemSaver(join(root, 'model')));
  built.dispose();
  const images = join(root, 'images');
  mkdirSync(images, { recursive: true });
  const files = await writePictures(images, count, 7);
  if (options.corrupt) {
    const bad = join(images, 'pic-0-corrupt.png');
    writeFileSync(bad, 'not a png');
    files.unshift(bad);
  }
  return { root, model: join(root, 'model'), images, files };
}
