/**
 * `pnpm bench` (onnx), part 2: split execution against onnxruntime-node's plain forward pass, on
 * the torchvision fixtures in one run. Per model and batch (1 and 8): ORT forward (public API),
 * Grad-CAM with the body on ORT and the head in TF.js, Grad-CAM fully in TF.js (WASM), and the
 * Grad-CAM times over the ORT forward. Then the peak RSS of a child process that loads ResNet-18
 * and explains a batch of 8, once per execution mode. The three are timed in turn, round after
 * round (2 warm-ups, then 15 rounds at batch 1 and 9 at batch 8; TF.js at batch 8 every third
 * round), so that load from other processes on a shared machine falls on all of them.
 */
// tfjs-core first, so that @gradcam/core (its built bundle, under tsx) registers into this engine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classTarget, explain, registerWasmGradientKernels } from '@gradcam/core';
import * as ort from 'onnxruntime-node';
import { loadOnnxFile, onnxModelAdapter } from '../src';
import { SESSION_OPTIONS } from '../src/runtime/onnxruntime';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/torchvision/', import.meta.url));
if (!existsSync(`${FIXTURES}manifest.json`)) {
  console.log(`no fixtures at ${FIXTURES}: nothing to measure`);
  process.exit(0);
}
const f32 = (p: string) => {
  const b = readFileSync(`${FIXTURES}${p}`);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const inputs = { 1: f32('input_1x3x224x224.f32'), 8: f32('input_8x3x224x224.f32') };

registerWasmGradientKernels();
await tf.setBackend('wasm');

const rssMode = process.argv[2] === '--rss' ? process.argv[3] : undefined;
if (rssMode) {
  // Child: one model, one batch-8 Grad-CAM, then the process's peak resident set in MiB.
  const exec = await loadOnnxFile(`${FIXTURES}resnet18_bn.onnx`, {
    execution: rssMode as 'onnxruntime' | 'tfjs',
  });
  const x = tf.tensor4d(inputs[8], [8, 3, 224, 224]);
  await explain(onnxModelAdapter(exec), x, classTarget(281));
  console.log(Math.round(process.resourceUsage().maxRSS / 1024));
  process.exit(0);
}

interface Timing {
  median: number;
  min: number;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const summary = (v: number[]): Timing => ({ median: median(v), min: Math.min(...v) });

async function once(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Each function once per round, in turn; every time of every round. */
async function rounds(fs: (() => Promise<unknown>)[], n: number, every: number[]): Promise<number[][]> {
  const times = fs.map(() => [] as number[]);
  for (let r = -2; r < n; r++) {
    for (const [i, f] of fs.entries()) {
      if (r >= 0 && r % every[i] !== 0) continue;
      const t = await once(f);
      if (r >= 0) times[i].push(t);
    }
  }
  return times;
}

const ms = (t: Timing) => `${t.median.toFixed(0)} / ${t.min.toFixed(0)} ms`;
/**
 * Median of per-round ratios (rounds where both ran), and the ratio of the minimums: on a shared
 * machine the minimum is the better estimate of what a run costs by itself.
 */
const ratio = (a: number[], b: number[], every: number) =>
  `${median(a.map((t, i) => t / b[i * every])).toFixed(2)}x / ${(Math.min(...a) / Math.min(...b)).toFixed(2)}x`;
const rows: string[] = [];

for (const [name, file] of [
  ['resnet18', 'resnet18_bn.onnx'],
  ['mobilenet_v2', 'mobilenet_v2.onnx'],
] as const) {
  const path = `${FIXTURES}${file}`;
  // The same session options as split execution's (no spinning threads), so that both run alike.
  const session = await ort.InferenceSession.create(path, SESSION_OPTIONS);
  const exec = await loadOnnxFile(path);
  const split = onnxModelAdapter(exec);
  const whole = onnxModelAdapter(exec, { execution: 'tfjs' });
  if (split.execution !== 'onnxruntime') throw new Error(`${name}: split execution is not available`);
  for (const batch of [1, 8] as const) {
    const data = inputs[batch];
    const x = tf.tensor4d(data, [batch, 3, 224, 224]);
    const tfjsEvery = batch === 8 ? 3 : 1;
    const [forward, splitCam, tfjsCam] = await rounds(
      [
        () => session.run({ input: new ort.Tensor('float32', data, [batch, 3, 224, 224]) }),
        () => explain(split, x, classTarget(281)),
        () => explain(whole, x, classTarget(281)),
      ],
      batch === 1 ? 15 : 9,
      [1, 1, tfjsEvery],
    );
    rows.push(
      `| ${name} | ${batch} | ${ms(summary(forward))} | ${ms(summary(splitCam))} | ${ms(summary(tfjsCam))} | ` +
        `${ratio(splitCam, forward, 1)} | ${ratio(tfjsCam, forward, tfjsEvery)} |`,
    );
    console.error(rows.at(-1));
    x.dispose();
  }
  exec.dispose();
  await session.release();
}

console.log(
  `onnxruntime-node ${ort.env.versions.node}, TF.js ${tf.getBackend()}; times median / min; ratios median of per-round ratios / ratio of minimums`,
);
console.log(
  '| model | batch | ORT forward | Grad-CAM split (ORT body + TF.js head) | Grad-CAM all TF.js | split / forward | TF.js / forward |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);

const here = fileURLToPath(import.meta.url);
for (const mode of ['onnxruntime', 'tfjs']) {
  const out = execFileSync(process.execPath, [...process.execArgv, here, '--rss', mode], {
    encoding: 'utf8',
  });
  console.log(
    `peak RSS, ResNet-18, Grad-CAM of a batch of 8, body on ${mode}: ${out.trim().split('\n').at(-1)} MiB`,
  );
}
