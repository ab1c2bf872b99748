/**
 * `pnpm bench` (cli): items per second of `gradcam batch` with 1 and 2 worker threads on this
 * machine, the scaling efficiency, and the same images through single-process `gradcam explain`
 * and through the model's forward passes alone (the floor: no gradient, no map, no file). For the
 * seeded tiny classifier and, when ../shared/fixtures is there, torchvision's ResNet-18 as ONNX
 * (its body on onnxruntime-node when installed). Commands are timed whole, wall clock, in
 * alternating rounds (the best of each kept) so that load from other processes falls on all.
 * Needs the built CLI (pnpm bench builds first).
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@gradcam/core';
import { PRESETS, type PresetName, toTensor } from '@gradcam/render';
import { fileSystemSaver } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { decodeBoundedImage } from '../src/bounded-image';
import { expandImagePaths } from '../src/explain/image-paths';
import { openModel } from '../src/model/open-model';
import { tinyClassifier, writePictures } from '../test/helpers/tiny-classifier';

const BIN = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const RESNET = fileURLToPath(
  new URL('../../../../shared/fixtures/torchvision/resnet18_bn.onnx', import.meta.url),
);
const ROUNDS = 2;

interface Case {
  name: string;
  model: string;
  preset: PresetName;
  images: string;
}

function seconds(args: string[]): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [BIN, ...args, '--backend', 'wasm', '--quiet', '--overwrite'], {
    stdio: 'pipe',
  });
  return (performance.now() - t0) / 1000;
}

/** The sum of the model's forward times over the images, decoded beforehand: the floor. */
async function forwardSeconds(c: Case): Promise<number> {
  await selectBackend('wasm');
  const model = await openModel(c.model, { layers: [] });
  let total = 0;
  for (const file of await expandImagePaths([c.images])) {
    const image = await decodeBoundedImage(file, 512);
    const size: [number, number] = [model.input.height ?? image.height, model.input.width ?? image.width];
    const input = toTensor(image, { ...PRESETS[c.preset], size });
    const t0 = performance.now();
    const output = model.predict(input);
    await output.data();
    total += performance.now() - t0;
    tf.dispose([input, output]);
  }
  model.dispose();
  return total / 1000;
}

async function measure(c: Case, count: number, root: string): Promise<void> {
  const common = ['--model', c.model, '--image', c.images, '--preset', c.preset];
  const best = { one: Infinity, two: Infinity, explain: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    const out = (name: string) => join(root, `${c.name}-${name}`);
    best.one = Math.min(best.one, seconds(['batch', ...common, '--workers', '1', '--out', out('one')]));
    best.two = Math.min(best.two, seconds(['batch', ...common, '--workers', '2', '--out', out('two')]));
    const explain = ['explain', ...common, '--format', 'npy', '--out', out('explain')];
    best.explain = Math.min(best.explain, seconds(explain));
  }
  const floor = await forwardSeconds(c);
  const rate = (s: number) => (count / s).toFixed(1);
  console.log(`${c.name}: ${count} images, best of ${ROUNDS} rounds, whole commands (model load included)`);
  console.log(`  gradcam batch, 1 worker   ${rate(best.one)} items/s`);
  console.log(
    `  gradcam batch, 2 workers  ${rate(best.two)} items/s  (${(best.one / best.two).toFixed(2)}x 1 worker, efficiency ${((best.one / best.two / 2) * 100).toFixed(0)}%)`,
  );
  console.log(
    `  gradcam explain (1 process, npy only)  ${rate(best.explain)} items/s; batch 2 workers is ${(best.explain / best.two).toFixed(2)}x it`,
  );
  console.log(
    `  forward passes alone (floor)  ${rate(floor)} items/s; batch 2 workers takes ${(best.two / floor).toFixed(1)}x the forward time`,
  );
}

await selectBackend('cpu');
const root = mkdtempSync(join(tmpdir(), 'gradcam-batch-bench-'));
const built = tinyClassifier();
await built.save(fileSystemSaver(join(root, 'tiny')));
built.dispose();
const count = Number(process.env.BENCH_ITEMS ?? 300);
mkdirSync(join(root, 'images'));
await writePictures(join(root, 'images'), count, 11);
await measure(
  {
    name: 'tiny classifier (LayersModel, 32x32)',
    model: join(root, 'tiny'),
    preset: 'unit',
    images: join(root, 'images'),
  },
  count,
  root,
);
if (existsSync(RESNET)) {
  const few = Number(process.env.BENCH_RESNET_ITEMS ?? 32);
  mkdirSync(join(root, 'resnet-images'));
  await writePictures(join(root, 'resnet-images'), few, 12);
  await measure(
    {
      name: 'ResNet-18 (ONNX, 224x224)',
      model: RESNET,
      preset: 'imagenet',
      images: join(root, 'resnet-images'),
    },
    few,
    root,
  );
} else console.log(`no ${RESNET}: the ResNet-18 figures need ../shared/fixtures`);
