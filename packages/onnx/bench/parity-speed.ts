/**
 * `pnpm bench` (onnx): the torchvision fixtures imported from ONNX and explained on the WASM
 * backend: parity with pytorch-grad-cam (max abs differences) and the time of explain() next to
 * the reference's own timings in manifest.json (PyTorch CPU, 2 threads, on the same kind of
 * machine). Timings follow the reference's protocol: median of 10 after 3 warm-up runs.
 */
// tfjs-core first, so that @gradcam/core (its built bundle, under tsx) registers into this engine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classTarget, explain, registerWasmGradientKernels } from '@gradcam/core';
import { loadOnnxFile, onnxModelAdapter } from '../src';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/torchvision/', import.meta.url));
if (!existsSync(`${FIXTURES}manifest.json`)) {
  console.log(`no fixtures at ${FIXTURES}: nothing to measure`);
  process.exit(0);
}
const manifest = JSON.parse(readFileSync(`${FIXTURES}manifest.json`, 'utf8'));
const f32 = (p: string) => {
  const b = readFileSync(`${FIXTURES}${p}`);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const maxAbs = (a: ArrayLike<number>) => maxAbsDiff(a, new Float32Array(a.length));

/** Median and minimum: on a shared machine the minimum is the better estimate of the cost itself. */
interface Timing {
  median: number;
  min: number;
}

async function median(runs: number, warmups: number, f: () => Promise<void>): Promise<Timing> {
  for (let i = 0; i < warmups; i++) await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

registerWasmGradientKernels();
await tf.setBackend('wasm');
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const both = (t: Timing) => `${fmt(t.median)} / ${fmt(t.min)}`;
const sci = (v: number) => v.toExponential(1);
const rows: string[] = [];

for (const [name, file] of [
  ['resnet18', 'resnet18_bn.onnx'],
  ['mobilenet_v2', 'mobilenet_v2.onnx'],
] as const) {
  const ref = manifest.models[name];
  const t0 = performance.now();
  // Everything in TF.js (WASM): split execution has its own bench (split-speed.ts).
  const exec = await loadOnnxFile(`${FIXTURES}${file}`, { execution: 'tfjs' });
  const adapter = onnxModelAdapter(exec);
  const loadMs = performance.now() - t0;
  const x = tf.tensor4d(f32('input_1x3x224x224.f32'), [1, 3, 224, 224]);
  const batch = tf.tensor4d(f32('input_8x3x224x224.f32'), [8, 3, 224, 224]);
  const target = classTarget(ref.class_index);

  // Parity.
  const [logits, activations] = exec.run({ input: x }, ['logits', adapter.tensor]);
  const cam = (await explain(adapter, x, target, { keepRaw: true, guided: true })).maps[0];
  const campp = (await explain(adapter, x, target, { method: 'gradcampp', keepRaw: true })).maps[0];
  const weights = f32(`ref/${name}/gradcam_weights.f32`);
  const weightsPP = f32(`ref/${name}/gradcampp_weights.f32`);
  const batchMaps = (await explain(adapter, batch, target)).maps;
  const refBatch = f32(`ref/${name}/batch8_gradcam_224.f32`);
  const batchDiff = Math.max(
    ...batchMaps.map((m) =>
      maxAbsDiff(m.map.data, refBatch.subarray(m.sample * 50176, (m.sample + 1) * 50176)),
    ),
  );
  const batchLogits = adapter.predict(batch);
  console.log(`${name}: explaining '${adapter.tensor}' (${adapter.tensorChoice}); loaded in ${fmt(loadMs)}`);
  console.log(
    `  parity (max abs diff): logits ${sci(maxAbsDiff(logits.dataSync(), f32(`ref/${name}/logits.f32`)))}, ` +
      `activations ${sci(maxAbsDiff(activations.dataSync(), f32(`ref/${name}/activations.f32`)))}, ` +
      `Grad-CAM weights ${sci(maxAbsDiff(cam.weights!, weights) / maxAbs(weights))} of max, ` +
      `Grad-CAM 224 ${sci(maxAbsDiff(cam.map.data, f32(`ref/${name}/gradcam_224.f32`)))}, ` +
      `Grad-CAM++ weights ${sci(maxAbsDiff(campp.weights!, weightsPP) / maxAbs(weightsPP))} of max, ` +
      `Grad-CAM++ 224 ${sci(maxAbsDiff(campp.map.data, f32(`ref/${name}/gradcampp_224.f32`)))}, ` +
      `guided BP ${sci(maxAbsDiff(cam.guided!.data, f32(`ref/${name}/guided_bp_hwc.f32`)))}, ` +
      `Guided Grad-CAM ${sci(maxAbsDiff(cam.guidedGradCam!.data, f32(`ref/${name}/guided_gradcam_hwc.f32`)))}, ` +
      `batch-8 logits ${sci(maxAbsDiff(batchLogits.dataSync(), f32(`ref/${name}/batch8_logits.f32`)))}, ` +
      `batch-8 224 maps ${sci(batchDiff)}`,
  );
  tf.dispose([logits, activations, batchLogits]);

  // Speed.
  const forward = await median(10, 3, async () => {
    const y = adapter.predict(x);
    await y.data();
    y.dispose();
  });
  const gradcam = await median(10, 3, async () => {
    await explain(adapter, x, target);
  });
  const gradcampp = await median(10, 3, async () => {
    await explain(adapter, x, target, { method: 'gradcampp' });
  });
  const guided = await median(3, 1, async () => {
    await explain(adapter, x, target, { guided: true });
  });
  const gradcam8 = await median(3, 1, async () => {
    await explain(adapter, batch, target);
  });
  const ms = (key: { median_ms: number; min_ms: number }) => `${fmt(key.median_ms)} / ${fmt(key.min_ms)}`;
  rows.push(
    `| ${name} | ${both(forward)} (${ms(ref.forward_time_1)}) | ${both(gradcam)} (${ms(ref.gradcam.time_1)}) | ` +
      `${both(gradcampp)} (${ms(ref.gradcampp.time_1)}) | ${both(guided)} (${ms(ref.guided_backprop.time_1)}) | ` +
      `${both(gradcam8)} (${ms(ref.batch.gradcam_time)}) |`,
  );
  const reference = ref.gradcam.time_1.median_ms;
  console.log(
    `  explain() Grad-CAM at 224 on WASM: median ${fmt(gradcam.median)} (min ${fmt(gradcam.min)}); ` +
      `reference (pytorch-grad-cam, PyTorch CPU, 2 threads): median ${fmt(reference)} -> ` +
      `${(gradcam.median / reference).toFixed(1)}x (min ${(gradcam.min / reference).toFixed(1)}x)`,
  );
  tf.dispose([x, batch]);
  exec.dispose();
}

console.log(
  `\n${tf.getBackend()}: median / min of 10 runs (guided and batch 8: of 3); in brackets the reference's median / min`,
);
console.log('| model | forward 1 | Grad-CAM 1 | Grad-CAM++ 1 | Guided BP + Grad-CAM 1 | Grad-CAM 8 |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
