import * as tf from '@tensorflow/tfjs-core';
import type { AnyGraphModel } from '../../src/graph/graph-access';
import { GraphModelBuilder } from './graph-model-builder';

/**
 * SqueezeNet's ending as the converter freezes it: input [b,8,8,3] -> conv1 (_FusedConv2D, Relu)
 * -> fire/squeeze (1x1, Relu) -> fire/e1 (1x1, Relu) and fire/e3 (3x3, Relu) -> fire/concat
 * (ConcatV2) -> conv10 (1x1 _FusedConv2D + Relu, one channel per class) -> pool (Mean) -> probs
 * (Softmax). The backbone's last feature map is fire/concat.
 */
export function squeezeNetGraph(classes = 10): AnyGraphModel {
  return squeezeNetGraphBuilder(classes).load();
}

/** The same graph before loading, to write its files. */
export function squeezeNetGraphBuilder(classes = 10): GraphModelBuilder {
  const he = (shape: number[], seed: number) =>
    tf.randomNormal(shape, 0, Math.sqrt(2 / (shape[0] * shape[1] * shape[2])), 'float32', seed);
  const w = {
    k1: he([3, 3, 3, 6], 1),
    b1: tf.zeros([6]),
    ks: he([1, 1, 6, 4], 2),
    bs: tf.zeros([4]),
    ke1: he([1, 1, 4, 4], 3),
    be1: tf.zeros([4]),
    ke3: he([3, 3, 4, 4], 4),
    be3: tf.zeros([4]),
    k10: he([1, 1, 8, classes], 5),
    b10: tf.zeros([classes]),
    channelAxis: tf.scalar(3, 'int32'),
    axes: tf.tensor1d([1, 2], 'int32'),
  };
  const g = new GraphModelBuilder();
  for (const [name, value] of Object.entries(w)) g.constant(name, value);
  g.placeholder('input', [-1, 8, 8, 3]);
  g.fusedConv2d('conv1', 'input', 'k1', 'b1', 'Relu');
  g.fusedConv2d('fire/squeeze', 'conv1', 'ks', 'bs', 'Relu');
  g.fusedConv2d('fire/e1', 'fire/squeeze', 'ke1', 'be1', 'Relu');
  g.fusedConv2d('fire/e3', 'fire/squeeze', 'ke3', 'be3', 'Relu');
  g.op('fire/concat', 'ConcatV2', ['fire/e1', 'fire/e3', 'channelAxis'], { N: { i: '2' } });
  g.fusedConv2d('conv10', 'fire/concat', 'k10', 'b10', 'Relu');
  g.op('pool', 'Mean', ['conv10', 'axes'], { keep_dims: { b: false } });
  g.op('probs', 'Softmax', ['pool']);
  tf.dispose(Object.values(w));
  return g;
}
