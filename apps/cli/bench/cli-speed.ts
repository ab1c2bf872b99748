/**
 * `pnpm bench` (cli): `gradcam explain` over 50 generated photo-like 640x480 JPEGs with a
 * ResNet-50 ONNX model (the seeded one of packages/onnx/test/helpers/resnet50-net.ts, 102 MB, as
 * torchvision's), against what the engine alone does with the same decoded inputs. In one run,
 * alternating round after round, so that load from other processes falls on all three:
 *   - the CLI: the built bin in a child process, `-f png,json` (and the default formats once);
 *     images/s over its image loop (summary.json's timeMs) and over the whole process;
 *   - explain() alone: the same model opened as the CLI opens it, the images decoded and
 *     preprocessed beforehand, one explain() per image for the class the CLI explained;
 *   - the floor: onnxruntime's forward of the whole model per image (the body's runtime).
 * Targets (issue #20): the CLI at least 0.8x the explain()-only rate, and at least 2x the 1.83
 * images/s of the Python library's loop measured on this machine.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classTarget, explain, selectBackend } from '@gradcam/core';
import { findOnnxRuntime } from '@gradcam/onnx';
import { decodeImage, PRESETS, toTensor } from '@gradcam/render';
import * as tf from '@tensorflow/tfjs-core';
import { resnet50Net } from '../../../packages/onnx/test/helpers/resnet50-net';
import type { RunSummary } from '../src/explain/summary';
import { openModel } from '../src/model/open-model';
import { writePhotos } from './photos';

const IMAGES = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PYTHON_LOOP = 1.83;
const work = join(tmpdir(), 'gradcam-bench-cli');
const model = join(tmpdir(), 'gradcam-bench-resnet50-seed50.onnx');
const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(bin)) {
  console.log(`the CLI is not built (${bin}): run pnpm bench from the root, which builds first`);
  process.exit(1);
}
if (!existsSync(model)) writeFileSync(model, resnet50Net());
const photos = join(work, 'photos');
if (!existsSync(join(photos, `photo-${String(IMAGES - 1).padStart(3, '0')}.jpg`))) {
  mkdirSync(photos, { recursive: true });
  await writePhotos(photos, IMAGES);
}

function runCli(formats: string): { loopS: number; wallS: number; classes: number[] } {
  const out = join(work, 'out');
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  execFileSync(
    process.execPath,
    [bin, 'explain', '--model', model, '--preset', 'imagenet', '-i', photos, '-o', out, '-f', formats, '-q'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const wallS = (performance.now() - t0) / 1000;
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  if (summary.images.length !== IMAGES) throw new Error(`the CLI explained ${summary.images.length} images`);
  return { loopS: summary.timeMs / 1000, wallS, classes: summary.images.map((i) => i.maps[0].class) };
}

await selectBackend('wasm');
const opened = await openModel(model, { layers: [] });
const inputs: tf.Tensor4D[] = [];
for (const file of [...Array(IMAGES).keys()].map((i) =>
  join(photos, `photo-${String(i).padStart(3, '0')}.jpg`),
)) {
  inputs.push(toTensor(await decodeImage(file), { ...PRESETS.imagenet, size: [224, 224] }));
}
const runtime = await findOnnxRuntime();
if (typeof runtime === 'string') throw new Error(runtime);
const session = runtime.session(readFileSync(model));
const nchw = inputs.map((x) => tf.transpose(x, [0, 3, 1, 2]));

async function engineOnly(classes: number[]): Promise<number> {
  const t0 = performance.now();
  for (const [i, x] of inputs.entries()) {
    await explain(opened.adapters, x, classTarget(classes[i]), { outputSize: [480, 640] });
  }
  return (performance.now() - t0) / 1000;
}

function forwardFloor(): number {
  const t0 = performance.now();
  for (const x of nchw) tf.dispose(session.run({ input: x }, ['logits']));
  return (performance.now() - t0) / 1000;
}

const rate = (s: number) => IMAGES / s;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const cli: { loopS: number; wallS: number }[] = [];
const engine: number[] = [];
const floor: number[] = [];
let classes = runCli('png,json').classes; // warm-up: disk cache, and the classes the engine explains
await engineOnly(classes);
for (let r = 0; r < ROUNDS; r++) {
  const run = runCli('png,json');
  classes = run.classes;
  cli.push(run);
  engine.push(await engineOnly(classes));
  floor.push(forwardFloor());
}
const withPages = runCli('png,json,html');

const cliRate = median(cli.map((c) => rate(c.loopS)));
const engineRate = median(engine.map(rate));
const floorRate = median(floor.map(rate));
const ratios = cli.map((c, i) => engine[i] / c.loopS);
console.log(
  `gradcam explain, ResNet-50 ONNX, ${IMAGES} photo-like 640x480 JPEGs, ${ROUNDS} rounds (medians):`,
);
console.log(
  `  CLI -f png,json            ${cliRate.toFixed(2)} images/s (image loop); ${median(cli.map((c) => rate(c.wallS))).toFixed(2)} with start and model load`,
);
console.log(`  CLI -f png,json,html       ${rate(withPages.loopS).toFixed(2)} images/s (one round)`);
console.log(`  explain() alone            ${engineRate.toFixed(2)} images/s on the same decoded inputs`);
console.log(`  onnxruntime forward        ${floorRate.toFixed(2)} images/s (the floor)`);
console.log(
  `  CLI / explain() alone      ${median(ratios).toFixed(2)}x (per round: ${ratios.map((x) => x.toFixed(2)).join(', ')}; target >= 0.8x)`,
);
console.log(`  CLI / forward floor        ${(cliRate / floorRate).toFixed(2)}x`);
console.log(`  CLI / Python loop (${PYTHON_LOOP}/s)  ${(cliRate / PYTHON_LOOP).toFixed(2)}x (target >= 2x)`);
session.dispose();
tf.dispose([...inputs, ...nchw]);
opened.dispose();
