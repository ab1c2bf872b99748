/**
 * `pnpm bench` (tfjs): Grad-CAM on TF.js models at 224x224 with real layer widths (ResNet50,
 * MobileNetV2, InceptionV3 built as keras.applications does, seeded random weights), explained
 * three ways in this one run: explain() with the body exported to ONNX and run on onnxruntime,
 * explain() all in TF.js on WASM, and the onnxruntime forward of the exported body alone (the
 * floor). Medians of interleaved runs; the target is explain() <= 1.2x that forward.
 */
import '@tensorflow/tfjs-core';
import { classTarget, explain, selectBackend } from '@gradcam/core';
import { findOnnxRuntime, type OnnxRuntime } from '@gradcam/onnx';
import { graphModelAdapter, layersModelAdapter, onOnnxRuntime } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { layersToGraph } from '../test/helpers/layers-to-graph';
import { inceptionV3, mobileNetV2, resnet50 } from './applications-224';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(f: () => Promise<void> | void): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

async function main() {
  const backend = await selectBackend('wasm');
  const runtime = await findOnnxRuntime();
  if (typeof runtime === 'string') throw new Error(runtime);
  console.log(
    `TF.js backend ${backend.name}; onnxruntime-node ${runtime.version}; batch 1; medians of ${RUNS} interleaved runs\n`,
  );
  console.log(
    '| model | cut | onnxruntime forward of the body | explain(), body on onnxruntime | ratio to forward | explain(), all TF.js WASM | speed-up |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const models: [string, () => tfl.LayersModel][] = [
    ['ResNet50', resnet50],
    ['MobileNetV2', mobileNetV2],
    ['InceptionV3', inceptionV3],
  ];
  for (const [title, build] of models) {
    const model = build();
    const graph = layersToGraph(model);
    for (const [name, tfjs] of [
      [`${title} LayersModel`, layersModelAdapter(model)],
      [`${title} GraphModel`, graphModelAdapter(graph)],
    ] as const) {
      await row(name, tfjs, runtime);
    }
    graph.dispose();
    model.dispose();
  }
}

type Adapter = ReturnType<typeof layersModelAdapter> | ReturnType<typeof graphModelAdapter>;

/** One model's row: the three timings interleaved, medians, ratios. */
async function row(name: string, tfjs: Adapter, runtime: OnnxRuntime) {
  const split = onOnnxRuntime(tfjs, runtime);
  if (split.execution !== 'onnxruntime') throw new Error(`${name}: ${split.executionReason}`);
  const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
  const target = classTarget(0);
  const forward = () => {
    const { activations, context } = split.body(x);
    tf.dispose([activations, ...Object.values(context)]);
  };
  const times = { forward: [] as number[], split: [] as number[], tfjs: [] as number[] };
  for (let i = -1; i < RUNS; i++) {
    const f = await time(forward);
    const s = await time(() => explain(split, x, target).then(() => undefined));
    const t = await time(() => explain(tfjs, x, target).then(() => undefined));
    if (i < 0) continue; // the first round warms up sessions and kernels
    times.forward.push(f);
    times.split.push(s);
    times.tfjs.push(t);
  }
  const [f, s, t] = [median(times.forward), median(times.split), median(times.tfjs)];
  console.log(
    `| ${name} | ${tfjs.layer} | ${f.toFixed(1)} ms | ${s.toFixed(1)} ms | ${(s / f).toFixed(2)}x | ${t.toFixed(1)} ms | ${(t / s).toFixed(1)}x |`,
  );
  split.dispose();
  x.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
