import * as tf from '@tensorflow/tfjs-core';
import { GraphModelBuilder } from './graph-model-builder';

/**
 * Node names scoped as converters write them: input [b,8,8,3] -> model/block1/conv/Relu ->
 * model/block2/conv/Relu -> model/pool (Mean) -> model/logits (MatMul) -> model/probs (Sigmoid, the output). Two nodes end in
 * `conv/Relu`, one in `block1/conv/Relu`.
 */
export function scopedNetBuilder(seed = 1): GraphModelBuilder {
  const g = new GraphModelBuilder();
  g.constant('model/k1', tf.randomNormal([3, 3, 3, 4], 0, 0.3, 'float32', seed));
  g.constant('model/b1', tf.randomUniform([4], 0, 0.1, 'float32', seed + 1));
  g.constant('model/k2', tf.randomNormal([3, 3, 4, 5], 0, 0.3, 'float32', seed + 2));
  g.constant('model/b2', tf.randomUniform([5], 0, 0.1, 'float32', seed + 3));
  g.constant('model/w', tf.randomNormal([5, 3], 0, 0.5, 'float32', seed + 4));
  g.constant('model/axes', tf.tensor1d([1, 2], 'int32'));
  g.placeholder('model/input', [-1, 8, 8, 3]);
  g.fusedConv2d('model/block1/conv/Relu', 'model/input', 'model/k1', 'model/b1', 'Relu');
  g.fusedConv2d('model/block2/conv/Relu', 'model/block1/conv/Relu', 'model/k2', 'model/b2', 'Relu');
  g.op('model/pool', 'Mean', ['model/block2/conv/Relu', 'model/axes'], { keep_dims: { b: false } });
  g.matMul('model/logits', 'model/pool', 'model/w');
  g.op('model/probs', 'Sigmoid', ['model/logits']);
  return g;
}
