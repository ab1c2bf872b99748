/**
 * Writes a ShapeWorld dataset to disk for people who train their own models:
 *   npx tsx scripts/export.ts [dir] [count] [seed] [size]
 * (defaults: shapeworld-data, 1000 scenes, seed 1, 64 px). See exportDataset for the layout.
 */
import { resolve } from 'node:path';
import { exportDataset } from '../src/world/export-dataset';

const [dir = 'shapeworld-data', count = '1000', seed = '1', size = '64'] = process.argv.slice(2);
const started = performance.now();
const summary = await exportDataset(resolve(dir), {
  count: Number(count),
  seed: Number(seed),
  size: Number(size),
});
console.log(
  `wrote ${summary.count} scenes (${summary.files.length} files) to ${summary.dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
