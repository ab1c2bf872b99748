import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelAdapter, listGraphNodes } from '../src/graph';
import { expectTensorsClose } from './helpers/graph-compare';
import { GraphModelBuilder } from './helpers/graph-model-builder';
import { residualNet, residualNetParts } from './helpers/graph-test-nets';

describe('GraphModel adapter: listing nodes and reporting the choice', () => {
  const net = residualNet(1);

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => net.dispose());

  it('lists every node in execution order with its op, measured shape and whether it can be explained', () => {
    const nodes = listGraphNodes(net.model);
    const computed = nodes.filter((n) => n.op !== 'Const');
    expect(computed.map((n) => [n.name, n.op, n.shape, n.explainable])).toEqual([
      ['input', 'Placeholder', [1, 8, 8, 3], false],
      ['conv1', '_FusedConv2D', [1, 8, 8, 4], true],
      ['conv2', 'Conv2D', [1, 8, 8, 4], true],
      ['dw', 'FusedDepthwiseConv2dNative', [1, 8, 8, 4], true],
      ['pw', '_FusedConv2D', [1, 8, 8, 4], true],
      ['add', 'AddV2', [1, 8, 8, 4], true],
      ['relu', 'Relu', [1, 8, 8, 4], true],
      ['conv3', '_FusedConv2D', [1, 8, 8, 6], true],
      ['act3', 'Relu6', [1, 8, 8, 6], true],
      ['mean', 'Mean', [1, 6], false],
      ['fc1', '_FusedMatMul', [1, 8], false],
      ['logits_mm', 'MatMul', [1, 5], false],
      ['logits', 'AddV2', [1, 5], false],
      ['probs', 'Softmax', [1, 5], false],
    ]);
    expect(nodes.filter((n) => n.isDefault).map((n) => n.name)).toEqual(['act3']);
    expect(nodes.find((n) => n.name === 'k1')).toMatchObject({
      op: 'Const',
      shape: [3, 3, 3, 4],
      explainable: false,
    });
    expect(nodes.find((n) => n.name === 'add')!.inputs).toEqual(['pw', 'conv1']);
  });

  it('reports which node was chosen and why, what is scored, and what crosses the cut', () => {
    const chosen = graphModelAdapter(net.model);
    expect(chosen.layer).toBe('act3');
    expect(chosen.nodeShape).toEqual([1, 8, 8, 6]);
    expect(chosen.describeChoice()).toBe(
      "explaining node 'act3' (Relu6, [1, 8, 8, 6] at batch 1), default: the last spatial feature map " +
        "before 'mean' (Mean) on the way to the scored output, as the reference's examples choose " +
        "(features[-1], layer4[-1]); scoring 'logits' (the logits before the " +
        "Softmax 'probs'); nothing else crosses the cut",
    );
    const named = graphModelAdapter(net.model, { node: 'dw' });
    expect(named.nodeChoice).toBe('named');
    expect(named.describeChoice()).toContain('fed to the head besides the cut: conv1');
  });

  it('scores the logits before a Softmax output, or the probabilities when asked', () => {
    const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const logits = graphModelAdapter(net.model);
    expect([logits.scoreTensor, logits.scoresLogits]).toEqual(['logits', true]);
    const probabilities = graphModelAdapter(net.model, { scoreBeforeSoftmax: false });
    expect([probabilities.scoreTensor, probabilities.scoresLogits]).toEqual(['probs', false]);
    tf.tidy(() => expectTensorsClose(probabilities.predict(x), tf.softmax(logits.predict(x)), 1e-6));
    x.dispose();
  });

  it('measures a long graph over several runs, every node of it', () => {
    const g = new GraphModelBuilder();
    const weights = [tf.randomNormal([1, 1, 2, 2], 0, 1, 'float32', 3), tf.tensor1d([1, 2], 'int32')];
    g.constant('k', weights[0]);
    g.constant('axes', weights[1]);
    g.placeholder('input', [-1, 3, 3, 2]);
    let last = 'input';
    for (let i = 0; i < 150; i++)
      last = i % 2 ? g.op(`relu${i}`, 'Relu', [last]) : g.conv2d(`conv${i}`, last, 'k');
    g.op('pooled', 'Mean', [last, 'axes'], { keep_dims: { b: false } });
    const model = g.load();
    tf.dispose(weights);
    const before = tf.memory().numTensors;
    const nodes = listGraphNodes(model);
    expect(tf.memory().numTensors).toBe(before);
    const computed = nodes.filter((n) => n.op !== 'Const' && n.op !== 'Placeholder');
    expect(computed.length).toBe(151);
    expect(computed.slice(0, -1).every((n) => n.explainable && n.shape?.join() === '1,3,3,2')).toBe(true);
    expect(computed[computed.length - 1]).toMatchObject({
      name: 'pooled',
      shape: [1, 2],
      explainable: false,
    });
    expect(nodes.find((n) => n.isDefault)?.name).toBe('relu149');
    model.dispose();
  });

  it('a model with a signature: input and output by their signature keys', () => {
    const { builder, weights } = residualNetParts(1);
    builder.signature = { inputs: { image: { name: 'input:0' } }, outputs: { scores: { name: 'probs:0' } } };
    const signed = builder.load();
    tf.dispose(weights);
    const byDefault = graphModelAdapter(signed);
    const byKeys = graphModelAdapter(signed, { inputName: 'image', output: 'scores' });
    for (const adapter of [byDefault, byKeys]) {
      expect([adapter.inputName, adapter.scoreTensor, adapter.layer]).toEqual(['input', 'logits', 'act3']);
    }
    const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    tf.tidy(() => expectTensorsClose(byKeys.predict(x), net.model.execute(x, 'logits') as tf.Tensor, 1e-6));
    x.dispose();
    signed.dispose();
  });

  it('works the same on a model loaded through the asynchronous loader', async () => {
    const { builder, weights } = residualNetParts(1);
    const loaded = await builder.loadAsync();
    tf.dispose(weights);
    expect(listGraphNodes(loaded)).toEqual(listGraphNodes(net.model));
    expect(graphModelAdapter(loaded, { node: 'conv2' }).crossing).toEqual(['conv1']);
    loaded.dispose();
  });
});
