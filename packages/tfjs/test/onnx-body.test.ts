import { classTarget, explain, selectBackend } from '@gradcam/core';
import { findOnnxRuntime, type OnnxRuntime } from '@gradcam/onnx';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
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
import { GraphModelBuilder } from './helpers/graph-model-builder';
import { layersToGraph } from './helpers/layers-to-graph';
import { graphCoverageNet, layerCoverageNet } from './helpers/onnx-body-nets';

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
      const targets = [0, 1, 2, 3, 4].map((c) => classTarget(c));
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
          expect(a.maps.length).toBe(10);
          expectSomeDrawn(b.maps);
          for (let i = 0; i < a.maps.length; i++) {
            expect(maxAbsDiff(a.maps[i].map.data, b.maps[i].map.data)).toBeLessThan(TOLERANCE);
            expect(maxAbsDiff(a.maps[i].weights!, b.maps[i].weights!)).toBeLessThan(TOLERANCE);
            expectSameRaw(a.maps[i], b.maps[i]);
            expect(Math.abs(a.maps[i].score - b.maps[i].score)).toBeLessThan(TOLERANCE);
          }
          split.dispose();
        }
      }
    });
  });
}

describe('every covered layer and node kind', () => {
  it('a LayersModel through every covered layer: same activations at every layer, same maps', async () => {
    const model = layerCoverageNet();
    const x = tf.randomNormal([2, 15, 14, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const layers = listLayers(model)
      .filter((l) => l.explainable)
      .map((l) => l.name);
    expect(layers.length).toBeGreaterThan(15);
    const off = layers
      .map((layer) => [layer, compareBodies(layersModelAdapter(model, { layer }), x)] as const)
      .filter(([, worst]) => !(worst < TOLERANCE));
    expect(off).toEqual([]);
    await expectSameMaps(layersModelAdapter(model), x);
    x.dispose();
    model.dispose();
  });

  it('a GraphModel through every covered node: same activations at every node, same maps', async () => {
    const graph = graphCoverageNet();
    const x = tf.randomNormal([2, 9, 10, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
    const nodes = listGraphNodes(graph)
      .filter((n) => n.explainable)
      .map((n) => n.name);
    expect(nodes).toContain('nearest_align');
    const off = nodes
      .map((node) => [node, compareBodies(graphModelAdapter(graph, { node }), x)] as const)
      .filter(([, worst]) => !(worst < TOLERANCE));
    expect(off).toEqual([]);
    await expectSameMaps(graphModelAdapter(graph), x);
    x.dispose();
    graph.dispose();
  });
});

async function expectSameMaps(tfjs: Adapter, x: tf.Tensor4D): Promise<void> {
  const split = onOnnxRuntime(tfjs, runtime);
  const a = await explain(split, x, [classTarget(1), classTarget(4)], { keepRaw: true });
  const b = await explain(tfjs, x, [classTarget(1), classTarget(4)], { keepRaw: true });
  expectSomeDrawn(b.maps);
  for (let i = 0; i < a.maps.length; i++) {
    expect(maxAbsDiff(a.maps[i].map.data, b.maps[i].map.data)).toBeLessThan(TOLERANCE);
    expect(maxAbsDiff(a.maps[i].weights!, b.maps[i].weights!)).toBeLessThan(TOLERANCE);
    expectSameRaw(a.maps[i], b.maps[i]);
  }
  split.dispose();
}

describe('what is not exported falls back to TF.js, saying why', () => {
  it('a layer without an ONNX form here: the TF.js body, the layer and its class named', async () => {
    const x = tfl.input({ shape: [6, 6, 2] });
    const conv = tfl.layers
      .conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv' })
      .apply(x) as tfl.SymbolicTensor;
    const norm = tfl.layers.layerNormalization({ name: 'norm' }).apply(conv) as tfl.SymbolicTensor;
    const last = tfl.layers
      .conv2d({ filters: 4, kernelSize: 1, name: 'last' })
      .apply(norm) as tfl.SymbolicTensor;
    const out = tfl.layers.globalAveragePooling2d({}).apply(last) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: x, outputs: out });
    const tfjs = layersModelAdapter(model, { layer: 'last' });
    const adapter = onOnnxRuntime(tfjs, runtime);
    expect(adapter.execution).toBe('tfjs');
    expect(adapter.executionReason).toMatch(/layer 'norm' \(LayerNormalization\)/);
    expect(adapter.body).toBe(tfjs.body);
    // Before the unsupported layer, the body is exported.
    expect(onOnnxRuntime(layersModelAdapter(model, { layer: 'conv' }), runtime).execution).toBe(
      'onnxruntime',
    );
    model.dispose();
  });

  it('a node without an ONNX form here: the node and its op named', () => {
    const g = new GraphModelBuilder();
    const x = g.placeholder('image', [-1, 4, 4, 2]);
    const sq = g.op('square', 'Square', [x], { T: { type: 'DT_FLOAT' } });
    const kernel = tf.ones([1, 1, 2, 3]);
    const conv = g.conv2d('conv', sq, g.constant('w', kernel));
    const axes = tf.tensor1d([1, 2], 'int32');
    g.op('gap', 'Mean', [conv, g.constant('axes', axes)], {
      T: { type: 'DT_FLOAT' },
      keep_dims: { b: false },
    });
    const graph = g.load();
    tf.dispose([kernel, axes]);
    const adapter = onOnnxRuntime(graphModelAdapter(graph, { node: 'conv' }), runtime);
    expect(adapter.execution).toBe('tfjs');
    expect(adapter.executionReason).toMatch(/node 'square' \(Square\)/);
    graph.dispose();
  });

  it("without onnxruntime-node: the TF.js body and the runtime's reason", () => {
    const model = mobileNetV2Like();
    const adapter = onOnnxRuntime(layersModelAdapter(model), 'onnxruntime-node is not available (x)');
    expect(adapter.execution).toBe('tfjs');
    expect(adapter.executionReason).toMatch(/onnxruntime-node is not available/);
    model.dispose();
  });
});

describe('model shapes around the body', () => {
  it('two inputs (one only crossing the cut) and a nested model: same body outputs and maps', async () => {
    const init = (seed: number) => tfl.initializers.glorotNormal({ seed });
    const innerIn = tfl.input({ shape: [8, 8, 3] });
    const innerOut = tfl.layers
      .conv2d({
        filters: 5,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
        name: 'inner_conv',
      })
      .apply(innerIn) as tfl.SymbolicTensor;
    const backbone = tfl.model({ inputs: innerIn, outputs: innerOut, name: 'backbone' });
    const image = tfl.input({ shape: [8, 8, 3], name: 'image' });
    const side = tfl.input({ shape: [4], name: 'side' });
    const features = backbone.apply(image) as tfl.SymbolicTensor;
    const top = tfl.layers
      .conv2d({ filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: init(2), name: 'top' })
      .apply(features) as tfl.SymbolicTensor;
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(top) as tfl.SymbolicTensor;
    const joined = tfl.layers.concatenate().apply([pooled, side]) as tfl.SymbolicTensor;
    const out = tfl.layers
      .dense({ units: 3, kernelInitializer: init(3) })
      .apply(joined) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [image, side], outputs: out });
    const x = [
      tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 1),
      tf.randomNormal([2, 4], 0, 1, 'float32', 2),
    ];
    for (const layer of ['backbone/inner_conv', 'top']) {
      const tfjs = layersModelAdapter(model, { layer });
      expect(tfjs.crossing).toEqual(['side']);
      const split = onOnnxRuntime(tfjs, runtime);
      expect(split.execution, split.executionReason).toBe('onnxruntime');
      const a = await explain(split, x, [classTarget(0), classTarget(2)], { keepRaw: true });
      const b = await explain(tfjs, x, [classTarget(0), classTarget(2)], { keepRaw: true });
      expectSomeDrawn(b.maps);
      for (let i = 0; i < a.maps.length; i++) {
        expect(maxAbsDiff(a.maps[i].map.data, b.maps[i].map.data)).toBeLessThan(TOLERANCE);
        expect(Math.abs(a.maps[i].score - b.maps[i].score)).toBeLessThan(TOLERANCE);
        expectSameRaw(a.maps[i], b.maps[i]);
      }
      split.dispose();
    }
    tf.dispose(x);
    model.dispose();
  });
});

/** Some map worth comparing: normalised with something on it, not the all-zero map of a dead target. */
function expectSomeDrawn(maps: { map: { data: Float32Array } }[]): void {
  const drawn = maps.filter((m) => m.map.data.some((v) => v > 0.5));
  expect(drawn.length).toBeGreaterThan(0);
}

/** Raw maps (before ReLU, so informative for every target) within TOLERANCE of their scale. */
function expectSameRaw(a: { raw?: { data: Float32Array } }, b: { raw?: { data: Float32Array } }): void {
  const scale = Math.max(1, ...Array.from(b.raw!.data, Math.abs));
  expect(b.raw!.data.some((v) => v !== 0)).toBe(true);
  expect(maxAbsDiff(a.raw!.data, b.raw!.data) / scale).toBeLessThan(TOLERANCE);
}

describe('models that take any image size', () => {
  const sizes = [
    [9, 11],
    [10, 10],
  ];

  it('a GraphModel of unknown height and width: the same body at sizes other than the probed one', () => {
    const g = new GraphModelBuilder();
    const held = [
      tf.randomNormal([3, 3, 3, 4], 0, 0.5, 'float32', 1),
      tf.randomNormal([4], 0, 0.1, 'float32', 2),
    ];
    const axes = tf.tensor1d([1, 2], 'int32');
    const x = g.placeholder('image', [-1, -1, -1, 3]);
    const conv = g.op('conv', '_FusedConv2D', [x, g.constant('w', held[0]), g.constant('b', held[1])], {
      T: { type: 'DT_FLOAT' },
      num_args: { i: '1' },
      fused_ops: { list: { s: ['BiasAdd', 'Relu'].map((s) => Buffer.from(s).toString('base64')) } },
      strides: { list: { i: ['1', '2', '2', '1'] } },
      padding: { s: Buffer.from('SAME').toString('base64') },
      data_format: { s: Buffer.from('NHWC').toString('base64') },
      dilations: { list: { i: ['1', '1', '1', '1'] } },
    });
    const pooled = g.op('pool', 'MaxPool', [conv], {
      T: { type: 'DT_FLOAT' },
      ksize: { list: { i: ['1', '3', '3', '1'] } },
      strides: { list: { i: ['1', '2', '2', '1'] } },
      padding: { s: Buffer.from('SAME').toString('base64') },
      data_format: { s: Buffer.from('NHWC').toString('base64') },
    });
    g.op('gap', 'Mean', [pooled, g.constant('axes', axes)], {
      T: { type: 'DT_FLOAT' },
      keep_dims: { b: false },
    });
    const graph = g.load();
    tf.dispose([...held, axes]);
    const tfjs = graphModelAdapter(graph, { node: 'pool', inputShape: [1, 10, 10, 3] });
    for (const [h, w] of sizes) {
      const input = tf.randomNormal([2, h, w, 3], 0, 1, 'float32', h) as tf.Tensor4D;
      expect(compareBodies(tfjs, input)).toBeLessThan(TOLERANCE);
      input.dispose();
    }
    graph.dispose();
  });

  it('a LayersModel of unknown height and width: the same body at two sizes', () => {
    const x = tfl.input({ shape: [null, null, 3] });
    let h = tfl.layers
      .conv2d({
        filters: 4,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }),
      })
      .apply(x) as tfl.SymbolicTensor;
    h = tfl.layers
      .averagePooling2d({ poolSize: 2, strides: 2, padding: 'same', name: 'pool' })
      .apply(h) as tfl.SymbolicTensor;
    const model = tfl.model({
      inputs: x,
      outputs: tfl.layers.globalAveragePooling2d({}).apply(h) as tfl.SymbolicTensor,
    });
    for (const [hh, ww] of sizes) {
      const input = tf.randomNormal([2, hh, ww, 3], 0, 1, 'float32', hh) as tf.Tensor4D;
      expect(compareBodies(layersModelAdapter(model, { layer: 'pool' }), input)).toBeLessThan(TOLERANCE);
      input.dispose();
    }
    model.dispose();
  });
});
