import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphModelAdapter, layersModelAdapter, listGraphNodes, listLayers } from '../src';
import { squeezeNetLike } from './helpers/applications';
import { squeezeNetGraph } from './helpers/graph-squeezenet';
import { residualNet } from './helpers/graph-test-nets';

/**
 * The default cut is the backbone's last spatial feature map (the reference's `features[-1]`,
 * `layer4[-1]`), not a classifier convolution that makes one map per class (SqueezeNet's conv10).
 */
describe('default cut', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("LayersModel: SqueezeNet's class-map conv is skipped for the last fire module, and the row says why", () => {
    const model = squeezeNetLike();
    const adapter = layersModelAdapter(model);
    expect(adapter.layer).toBe('fire3_concat');
    expect(adapter.layerChoice).toMatch(/^default: .*'conv10' \(Conv2D, 10 channels for 10 classes/);
    const rows = listLayers(model);
    const defaults = rows.filter((r) => r.isDefault);
    expect(defaults.map((r) => r.name)).toEqual(['fire3_concat']);
    expect(defaults[0].defaultReason).toMatch(/that is the classifier, not a feature map/);
    expect(rows.filter((r) => r.defaultReason).length).toBe(1);
    // The class map stays explainable when named.
    expect(rows.find((r) => r.name === 'relu_conv10')?.explainable).toBe(true);
    expect(layersModelAdapter(model, { layer: 'relu_conv10' }).layerChoice).toBe('named');
    model.dispose();
  });

  it('LayersModel: a conv with as many channels as classes but a Dense after it stays the default', () => {
    const x = tfl.input({ shape: [6, 6, 3] });
    const conv = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'features' }).apply(x);
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(conv);
    const out = tfl.layers.dense({ units: 4, activation: 'softmax' }).apply(pooled) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: x, outputs: out });
    const adapter = layersModelAdapter(model);
    expect(adapter.layer).toBe('features');
    expect(adapter.layerChoice).toMatch(
      /^default: the last spatial feature map before '.*' \(GlobalAveragePooling2D\)/,
    );
    expect(listLayers(model).find((r) => r.isDefault)?.defaultReason).toMatch(/features\[-1\], layer4\[-1\]/);
    model.dispose();
  });

  it("GraphModel: SqueezeNet's class-map conv is skipped for the fire module's concat, and the row says why", () => {
    const model = squeezeNetGraph();
    const adapter = graphModelAdapter(model);
    expect(adapter.layer).toBe('fire/concat');
    expect(adapter.nodeChoice).toMatch(/^default: .*'conv10' \(_FusedConv2D, 10 channels for 10 classes/);
    const rows = listGraphNodes(model).filter((r) => r.isDefault);
    expect(rows.map((r) => r.name)).toEqual(['fire/concat']);
    expect(rows[0].defaultReason).toMatch(/^the last spatial feature map of the backbone/);
    model.dispose();
  });

  it('GraphModel: a map with as many channels as classes, read by a MatMul, stays the default', () => {
    const net = residualNet(3, 6);
    expect(graphModelAdapter(net.model).layer).toBe('act3');
    expect(listGraphNodes(net.model).find((r) => r.isDefault)?.defaultReason).toMatch(
      /before 'mean' \(Mean\)/,
    );
    net.dispose();
  });
});
