import * as tf from '@tensorflow/tfjs-core';
import type { AnyGraphModel } from '../../src/graph/graph-access';
import { GraphModelBuilder } from './graph-model-builder';

/**
 * Graphs that the adapter must refuse or ask about, each as small as it can be:
 * input [b,4,4,2] -> conv (_FusedConv2D, Relu) -> tokens (Reshape to [b, 16, 3]) -> pooled (Mean
 * over tokens) -> logits (MatMul); and a second output, aux (Relu6 of conv), so that the graph
 * has two outputs. The input's spatial size is left open (`[-1, -1, -1, 2]`) when `openInput`.
 */
export function twoOutputTokenNet(openInput = false): AnyGraphModel {
  const constants = {
    k: tf.randomNormal([3, 3, 2, 3], 0, 0.5, 'float32', 1),
    b: tf.zeros([3]),
    tokenShape: tf.tensor1d([-1, 16, 3], 'int32'),
    tokenAxis: tf.tensor1d([1], 'int32'),
    w: tf.randomNormal([3, 2], 0, 0.5, 'float32', 2),
  };
  const g = new GraphModelBuilder();
  for (const [name, value] of Object.entries(constants)) g.constant(name, value);
  g.placeholder('input', openInput ? [-1, -1, -1, 2] : [-1, 4, 4, 2]);
  g.fusedConv2d('conv', 'input', 'k', 'b', 'Relu');
  g.op('tokens', 'Reshape', ['conv', 'tokenShape']);
  g.op('pooled', 'Mean', ['tokens', 'tokenAxis'], { keep_dims: { b: false } });
  g.matMul('logits', 'pooled', 'w');
  g.op('aux', 'Relu6', ['conv']);
  const model = g.load();
  tf.dispose(Object.values(constants));
  return model;
}
