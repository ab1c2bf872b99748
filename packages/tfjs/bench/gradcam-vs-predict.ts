/**
 * `pnpm bench` (tfjs): Grad-CAM through the LayersModel adapter against the same model's plain
 * `predict()`, on the WASM backend, at batch 1 and 8. Ratios are measured in this one run.
 */
import '@tensorflow/tfjs-core';
import { classTarget, explain, selectBackend } from '@gradcam/core';
import { layersModelAdapter } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A ResNet-style classifier at 224x224: a strided stem and four stages of residual blocks. */
function resnetStyle(): tfl.LayersModel {
  const x = tfl.input({ shape: [224, 224, 3] });
  const conv = (t: tfl.SymbolicTensor, filters: number, stride: number, relu = true) =>
    tfl.layers
      .conv2d({
        filters,
        kernelSize: 3,
        strides: stride,
        padding: 'same',
        activation: relu ? 'relu' : 'linear',
      })
      .apply(t) as tfl.SymbolicTensor;
  let h = conv(x, 32, 2);
  for (const [filters, stride] of [
    [32, 2],
    [64, 2],
    [128, 2],
    [256, 2],
  ]) {
    const down = conv(h, filters, stride);
    const block = conv(conv(down, filters, 1), filters, 1, false);
    h = tfl.layers.reLU().apply(tfl.layers.add().apply([down, block])) as tfl.SymbolicTensor;
  }
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(h) as tfl.SymbolicTensor;
  return tfl.model({
    inputs: x,
    outputs: tfl.layers.dense({ units: 1000, activation: 'softmax' }).apply(pooled) as tfl.SymbolicTensor,
  });
}

async function median(runs: number, f: () => Promise<void>): Promise<number> {
  await f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main() {
  const backend = await selectBackend('wasm');
  const model = resnetStyle();
  const adapter = layersModelAdapter(model);
  console.log(
    `backend ${backend.name}; ${model.countParams().toLocaleString()} parameters; explained layer ${adapter.layer} ${JSON.stringify(adapter.layerShape)}\n`,
  );
  console.log('| batch | predict() | explain() Grad-CAM | ratio |');
  console.log('| --- | --- | --- | --- |');
  for (const batch of [1, 8]) {
    const x = tf.randomNormal([batch, 224, 224, 3], 0, 1, 'float32', 1);
    const predict = await median(5, async () => {
      const y = model.predict(x) as tf.Tensor;
      await y.data();
      y.dispose();
    });
    const gradcam = await median(5, async () => {
      await explain(adapter, x, classTarget(7));
    });
    console.log(
      `| ${batch} | ${predict.toFixed(1)} ms | ${gradcam.toFixed(1)} ms | ${(gradcam / predict).toFixed(2)}x |`,
    );
    x.dispose();
  }
  console.log(
    '\nexplain() runs the body once (no gradient), then the head forward and backward on the 7x7 map, then ' +
      'ReLU, normalisation and a 224x224 resize per map: the extra cost over predict() is the head pass and the post-processing.',
  );
  model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
