/**
 * `pnpm bench` (core): Grad-CAM's cost over a plain forward pass of the body, for a
 * MobileNetV2-sized model at 224x224, on the WASM and CPU backends, and WASM against CPU.
 * Every ratio is measured in this one run; absolute times depend on the machine.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { classTarget, explain, registerWasmGradientKernels } from '@gradcam/core';
import { mobileNetV2 } from './mobilenet-v2';

async function median(runs: number, f: () => Promise<void>): Promise<number> {
  await f(); // warm-up: kernel setup, first allocations
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function measure(backend: string, runs: number, batch: number) {
  await tf.setBackend(backend);
  await tf.ready();
  const model = mobileNetV2();
  const x = tf.randomNormal([batch, 224, 224, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const forward = await median(runs, async () => {
    const { activations } = model.body(x);
    await activations.data();
    activations.dispose();
  });
  const gradcam = await median(runs, async () => {
    await explain(model, x, classTarget(281));
  });
  const fiveTargets = await median(runs, async () => {
    await explain(
      model,
      x,
      [1, 2, 3, 4, 5].map((c) => classTarget(c)),
    );
  });
  model.dispose();
  x.dispose();
  return { forward, gradcam, fiveTargets };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main() {
  registerWasmGradientKernels();
  const rows: string[] = [];
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const [backend, runs] of [
    ['wasm', 10],
    ['cpu', 3],
  ] as const) {
    const r = await measure(backend, runs, 1);
    results[backend] = r;
    rows.push(
      `| ${backend} | ${fmt(r.forward)} | ${fmt(r.gradcam)} | ${(r.gradcam / r.forward).toFixed(2)}x | ${fmt(r.fiveTargets)} | ${(r.fiveTargets / r.forward).toFixed(2)}x |`,
    );
  }
  console.log(
    'MobileNetV2 (3.5M params, random weights), 224x224, batch 1, median of runs after a warm-up\n',
  );
  console.log('| backend | body forward | explain() Grad-CAM | ratio | 5 targets, one pass | ratio |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  console.log(
    `\nWASM over CPU: forward ${(results.cpu.forward / results.wasm.forward).toFixed(1)}x faster, explain() ${(results.cpu.gradcam / results.wasm.gradcam).toFixed(1)}x faster`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
