import { classTarget, explain, selectBackend } from '@gradcam/core';
import { findOnnxRuntime, type OnnxRuntime } from '@gradcam/onnx';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyGraphModel,
  graphModelAdapter,
  layersModelAdapter,
  listGraphNodes,
  listLayers,
  onOnnxRuntime,
} from '../src';
import {
  inceptionV3Like,
  mobileNetV2Like,
  mobileNetV3Like,
  resNetLike,
  xceptionLike,
} from './helpers/applications';
import { maxAbsDiff } from './helpers/graph-compare';
import { layersToGraph } from './helpers/layers-to-graph';

/**
 * TF.js models whose body runs on onnxruntime (exported to ONNX in memory) against the same
 * adapters all in TF.js: at every explainable layer the body's activations and crossing tensors,
 * and at a few layers the Grad-CAM maps and channel weights, within 1e-4; as a LayersModel and as
 * the converter's GraphModel of it.
 */
const MODELS: [string, () => tfl.LayersModel][] = [
  ['InceptionV3-like', inceptionV3Like],
  ['MobileNetV2-like', mobileNetV2Like],
  ['ResNet50-like', resNetLike],
  ['MobileNetV3-like (hard-swish, squeeze-excite)', mobileNetV3Like],
  ['Xception-like (separable, dilated)', xceptionLike],
];
const TOLERANCE = 1e-4;

let runtime: OnnxRuntime;
beforeAll(async () => {
  await selectBackend('wasm');
  const found = await findOnnxRuntime();
  // onnxruntime-node is a devDependency of the workspace: its absence is a failure here.
  if (typeof found === 'string') throw new Error(found);
  runtime = found;
});

type Adapter = ReturnType<typeof layersModelAdapter> | ReturnType<typeof graphModelAdapter>;

function compareBodies(tfjs: Adapter, x: tf.Tensor4D): number {
  const split = onOnnxRuntime(tfjs, runtime);
  expect(split.execution, split.executionReason).toBe('onnxruntime');
  try {
    const a = split.body(x);
    const b = tfjs.body(x);
    const worst = Math.max(
      maxAbsDiff(a.activations.dataSync(), b.activations.dataSync()),
      ...Object.keys(b.context).map((k) => maxAbsDiff(a.context[k].dataSync(), b.context[k].dataSync())),
    );
    expect(a.activations.shape).toEqual(b.activations.shape);
    expect(Object.keys(a.context).sort()).toEqual(Object.keys(b.context).sort());
    tf.dispose([a.activations, b.activations, ...Object.values(a.context), ...Object.values(b.context)]);
    return worst;
  } finally {
    split.dispose();
  }
}

for (const [title, build] of MODELS) {
  describe(title, () => {
    let model: tfl.LayersModel;
    let graph: AnyGraphModel;
    let x: tf.Tensor4D;
    beforeAll(() => {
      model = build();
      graph = layersToGraph(model);
      const [, h, w, c] = model.inputs[0].shape as number[];
      x = tf.randomNormal([2, h, w, c], 0, 1, 'float32', 11) as tf.Tensor4D;
    });
    afterAll(() => {
      x.dispose();
      model.dispose();
      graph.dispose();
    });

    it('LayersModel and GraphModel: the same activations and crossing tensors at every layer', () => {
      const layers = listLayers(model)
        .filter((l) => l.explainable)
        .map((l) => l.name);
      const nodes = listGraphNodes(graph)
        .filter((n) => n.explainable && layers.includes(n.name))
        .map((n) => n.name);
      expect(nodes.length).toBeGreaterThan(5);
      const off: string[] = [];
      for (const layer of layers) {
        const worst = compareBodies(layersModelAdapter(model, { layer }), x);
        if (!(worst < TOLERANCE)) off.push(`layer ${layer}: ${worst}`);
      }
      for (const node of nodes) {
        const worst = compareBodies(graphModelAdapter(graph, { node }), x);
        if (!(worst < TOLERANCE)) off.push(`node ${node}: ${worst}`);
      }
      expect(off).toEqual([]);
    });

    it('the same Grad-CAM maps and weights, and no tensor left behind', async () => {
      const layers = listLayers(model)
        .filter((l) => l.explainable)
        .map((l) => l.name);
      const picks = [undefined, layers[Math.floor(layers.length / 2)]];
      const targets = [classTarget(0), classTarget(3)];
      for (const layer of picks) {
        for (const tfjs of [
          layersModelAdapter(model, { layer }),
          graphModelAdapter(graph, { node: layer }),
        ]) {
          const split = onOnnxRuntime(tfjs as Adapter, runtime);
          await explain(split, x, targets);
          const before = tf.memory().numTensors;
          const a = await explain(split, x, targets, { keepRaw: true });
          expect(tf.memory().numTensors).toBe(before);
          const b = await explain(tfjs, x, targets, { keepRaw: true });
          expect(a.maps.length).toBe(4);
          for (let i = 0; i < a.maps.length; i++) {
            expect(maxAbsDiff(a.maps[i].map.data, b.maps[i].map.data)).toBeLessThan(TOLERANCE);
            expect(maxAbsDiff(a.maps[i].weights!, b.maps[i].weights!)).toBeLessThan(TOLERANCE);
            expect(Math.abs(a.maps[i].score - b.maps[i].score)).toBeLessThan(TOLERANCE);
          }
          split.dispose();
        }
      }
    });
  });
}
