/**
 * `pnpm bench` (onnx): peak resident memory of split Grad-CAM (body on onnxruntime, head in TF.js
 * on WASM) on a ResNet-50 at batch 1, against onnxruntime's forward alone, each in a child process
 * of its own. The model is the seeded ResNet-50 of test/helpers/resnet50-net.ts (102 MB of
 * weights, as torchvision's), written once to the temporary folder. The figures on this
 * machine: 1149 MiB for split Grad-CAM before, 816 MiB for pytorch-grad-cam, 383 MiB for an
 * onnxruntime forward.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classTarget, explain, registerWasmGradientKernels } from '@gradcam/core';
import * as ort from 'onnxruntime-node';
import { loadOnnxFile, onnxModelAdapter } from '../src';
import { SESSION_OPTIONS } from '../src/runtime/onnxruntime';
import { resnet50Net } from '../test/helpers/resnet50-net';

const MODEL = join(tmpdir(), 'gradcam-bench-resnet50-seed50.onnx');
const mode = process.argv[2];

const peakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const image = () => tf.randomUniform([1, 3, 224, 224], -2, 2, 'float32', 1) as tf.Tensor4D;

if (mode === 'split') {
  registerWasmGradientKernels();
  await tf.setBackend('wasm');
  const exec = await loadOnnxFile(MODEL);
  const x = image();
  await explain(onnxModelAdapter(exec), x, classTarget(281));
  console.log(JSON.stringify({ peak: peakMiB(), tfjsMiB: tf.memory().numBytes / 2 ** 20 }));
} else if (mode === 'ort') {
  const session = await ort.InferenceSession.create(MODEL, SESSION_OPTIONS);
  const x = Float32Array.from({ length: 3 * 224 * 224 }, (_, i) => Math.sin(i));
  await session.run({ input: new ort.Tensor('float32', x, [1, 3, 224, 224]) });
  console.log(JSON.stringify({ peak: peakMiB() }));
} else {
  if (!existsSync(MODEL)) writeFileSync(MODEL, resnet50Net());
  const self = fileURLToPath(import.meta.url);
  const child = (m: string) =>
    JSON.parse(execFileSync(process.execPath, [...process.execArgv, self, m], { encoding: 'utf8' }).trim());
  const split = child('split');
  const forward = child('ort');
  console.log('ResNet-50 batch 1, peak RSS (MiB), each in a process of its own:');
  console.log(`  onnxruntime forward alone     ${forward.peak}`);
  console.log(
    `  split Grad-CAM                ${split.peak}  (${(split.peak / forward.peak).toFixed(2)}x the forward; TF.js holds ${split.tfjsMiB.toFixed(1)} MiB)`,
  );
  console.log('  the issue: 1149 before, pytorch-grad-cam 816, target below 816');
}
