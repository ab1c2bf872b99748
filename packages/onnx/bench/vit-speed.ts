/**
 * `pnpm bench` (onnx), part 3: Grad-CAM of a ViT explained as a token grid, against
 * onnxruntime-node's plain forward pass of the same model. The model has ViT-Tiny/16's sizes
 * (224x224 input, 197 tokens of 192 channels, 12 blocks of 3 heads, sequence-first attention as
 * torchvision exports it), seeded weights, built in memory here (23 MB, not committed). Grad-CAM
 * at the default cut (the last block's first LayerNorm input), body on onnxruntime, head in TF.js
 * (WASM); and the whole forward pass in TF.js, where MatMul used to tile its 2-D weights. Timed in
 * turn, round after round (2 warm-ups, then 9 rounds). Goal: Grad-CAM at most 2x the forward.
 */
// tfjs-core first, so that @gradcam/core (its built bundle, under tsx) registers into this engine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { classTarget, explain, selectBackend } from '@gradcam/core';
import * as ort from 'onnxruntime-node';
import { findOnnxRuntime, loadOnnx, onnxModelAdapter } from '../src';
import { SESSION_OPTIONS } from '../src/runtime/onnxruntime';
import { seeded } from '../test/helpers/seeded';
import { VIT_TINY_SIZE, vitNet } from '../test/helpers/vit-net';

const backend = await selectBackend('wasm');
const bytes = vitNet(VIT_TINY_SIZE, 7);
const shape = [1, 3, VIT_TINY_SIZE.image, VIT_TINY_SIZE.image];
const data = Float32Array.from(
  seeded(
    shape.reduce((a, b) => a * b, 1),
    3,
  ),
);

const session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
const runtime = await findOnnxRuntime();
if (typeof runtime === 'string') throw new Error(`nothing to compare with: ${runtime}`);
const exec = loadOnnx(bytes, { runtime });
const adapter = onnxModelAdapter(exec);
if (adapter.execution !== 'onnxruntime') throw new Error('split execution is not available');
const x = tf.tensor4d(data, shape as [number, number, number, number]);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
async function once(f: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

const tasks: [string, () => Promise<unknown> | unknown][] = [
  ['onnxruntime forward', () => session.run({ x: new ort.Tensor('float32', data, shape) })],
  ['Grad-CAM (ORT body + TF.js head)', () => explain(adapter, x, classTarget(281))],
  ['TF.js forward (whole model)', () => tf.dispose(exec.run({ x }, ['y']))],
];
const times = tasks.map(() => [] as number[]);
for (let round = -2; round < 9; round++) {
  for (const [i, [, f]] of tasks.entries()) {
    const t = await once(f);
    if (round >= 0) times[i].push(t);
  }
}

console.log(
  `ViT-Tiny-sized (197 tokens x 192, 12 blocks, 3 heads, sequence-first), batch 1; TF.js ${backend.name} ` +
    `(fixes: ${backend.fixes.join(', ') || 'none'}), onnxruntime-node ${ort.env.versions.node}`,
);
console.log(`cut: ${adapter.describeChoice()}`);
console.log('| task | median | min |');
console.log('|---|---|---|');
for (const [i, [name]] of tasks.entries()) {
  console.log(`| ${name} | ${median(times[i]).toFixed(0)} ms | ${Math.min(...times[i]).toFixed(0)} ms |`);
}
const ratios = times[1].map((t, i) => t / times[0][i]);
console.log(
  `Grad-CAM / onnxruntime forward: ${median(ratios).toFixed(2)}x (median of per-round ratios), ` +
    `${(Math.min(...times[1]) / Math.min(...times[0])).toFixed(2)}x (ratio of minimums); goal <= 2x`,
);
x.dispose();
exec.dispose();
await session.release();
