import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classTarget, explain } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphModelAdapter, layersModelAdapter, loadModel } from '../src';
import { GraphModelBuilder } from './helpers/graph-model-builder';

/**
 * One network twice: a Keras-style LayersModel, and the frozen graph the converter would make of
 * it (fused conv + bias + ReLU, Mean, MatMul + bias, Softmax) with the same weights, written to
 * disk and loaded through `loadModel`. Both adapters must give the same maps.
 */
function layersNet(): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotNormal({ seed });
  const x = tfl.input({ shape: [10, 10, 3], name: 'image' });
  const conv = (name: string, filters: number, seed: number) =>
    tfl.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(seed),
      biasInitializer: init(seed + 50),
    });
  const h1 = conv('conv1', 6, 1).apply(x) as tfl.SymbolicTensor;
  const h2 = conv('conv2', 8, 2).apply(h1) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(h2) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({
    name: 'probs',
    units: 4,
    activation: 'softmax',
    kernelInitializer: init(3),
    biasInitializer: init(53),
  });
  return tfl.model({ inputs: x, outputs: out.apply(pooled) as tfl.SymbolicTensor });
}

function graphFiles(model: tfl.LayersModel, dir: string): void {
  const [k1, b1] = model.getLayer('conv1').getWeights();
  const [k2, b2] = model.getLayer('conv2').getWeights();
  const [w, b] = model.getLayer('probs').getWeights();
  const g = new GraphModelBuilder();
  const input = g.placeholder('image', [-1, 10, 10, 3]);
  const c1 = g.fusedConv2d(
    'conv1/Relu',
    input,
    g.constant('conv1/kernel', k1),
    g.constant('conv1/bias', b1),
    'Relu',
  );
  const c2 = g.fusedConv2d(
    'conv2/Relu',
    c1,
    g.constant('conv2/kernel', k2),
    g.constant('conv2/bias', b2),
    'Relu',
  );
  const axes = g.constant('gap/axes', tf.tensor1d([1, 2], 'int32'));
  const mean = g.op('gap/Mean', 'Mean', [c2, axes], { T: { type: 'DT_FLOAT' }, keep_dims: { b: false } });
  const logits = g.fusedMatMul(
    'probs/BiasAdd',
    mean,
    g.constant('probs/kernel', w),
    g.constant('probs/bias', b),
    undefined,
  );
  g.op('probs/Softmax', 'Softmax', [logits], { T: { type: 'DT_FLOAT' } });
  const { modelJson, weights } = g.toFiles();
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(join(dir, modelJson.weightsManifest[0].paths[0]), Buffer.from(weights));
}

describe('the same network as a LayersModel and as a GraphModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the same logits and the same maps for every gradient method, at both layers', async () => {
    const layers = layersNet();
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-graph-'));
    graphFiles(layers, dir);
    const loaded = await loadModel(dir);
    expect(loaded.kind).toBe('graph');
    if (loaded.kind !== 'graph') return;
    const x = tf.randomNormal([2, 10, 10, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    for (const [layer, node] of [
      ['conv2', 'conv2/Relu'],
      ['conv1', 'conv1/Relu'],
    ]) {
      const viaLayers = layersModelAdapter(layers, { layer });
      const viaGraph = graphModelAdapter(loaded.model, { node });
      expect(viaGraph.scoresLogits && viaLayers.scoresLogits).toBe(true);
      const a = viaLayers.predict(x);
      const b = viaGraph.predict(x);
      expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-5);
      tf.dispose([a, b]);
      for (const method of ['gradcam', 'gradcampp', 'hirescam', 'layercam']) {
        const targets = [classTarget(0), classTarget(3)];
        const ours = await explain(viaLayers, x, targets, { method });
        const theirs = await explain(viaGraph, x, targets, { method });
        for (const [i, m] of ours.maps.entries()) {
          const other = theirs.maps[i].map.data;
          expect(Math.max(...Array.from(m.map.data, (v, k) => Math.abs(v - other[k])))).toBeLessThan(1e-4);
        }
      }
    }
    x.dispose();
  });
});
