/**
 * Where one ViT Grad-CAM's time goes on WASM: TF.js kernel time summed by kernel name (the head,
 * forward and backward, and the map), the smallest of 7 profiled runs for each kernel, since the
 * machine's load inflates single calls. `npx tsx bench/vit-profile.ts`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { classTarget, explain, selectBackend } from '@gradcam/core';
import { findOnnxRuntime, loadOnnx, onnxModelAdapter } from '../src';
import { seeded } from '../test/helpers/seeded';
import { VIT_TINY_SIZE, vitNet } from '../test/helpers/vit-net';

await selectBackend('wasm');
const shape: [number, number, number, number] = [1, 3, VIT_TINY_SIZE.image, VIT_TINY_SIZE.image];
const runtime = await findOnnxRuntime();
if (typeof runtime === 'string') throw new Error(runtime);
const adapter = onnxModelAdapter(loadOnnx(vitNet(VIT_TINY_SIZE, 7), { runtime }));
const x = tf.tensor4d(
  Float32Array.from(
    seeded(
      shape.reduce((a, b) => a * b, 1),
      3,
    ),
  ),
  shape,
);
for (let i = 0; i < 2; i++) await explain(adapter, x, classTarget(281));

const best = new Map<string, { ms: number; n: number }>();
let wall = Number.POSITIVE_INFINITY;
for (let run = 0; run < 7; run++) {
  const t0 = performance.now();
  const info = await tf.profile(() => explain(adapter, x, classTarget(281)) as never);
  wall = Math.min(wall, performance.now() - t0);
  const sums = new Map<string, { ms: number; n: number }>();
  for (const k of info.kernels) {
    // customGrad scopes time the kernels inside them again: counted once, as those kernels.
    if (k.name === 'unnamed scope') continue;
    const e = sums.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.n += 1;
    sums.set(k.name, e);
  }
  for (const [name, e] of sums) if (!best.has(name) || best.get(name)!.ms > e.ms) best.set(name, e);
}
const rows = [...best.entries()].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0);
console.log(
  `explain: ${wall.toFixed(0)} ms (fastest profiled run); kernels: ${total.toFixed(1)} ms (each kernel's fastest run)`,
);
for (const [name, e] of rows.slice(0, 20))
  console.log(`${name.padEnd(24)} ${e.ms.toFixed(2).padStart(8)} ms  x${e.n}`);
x.dispose();
