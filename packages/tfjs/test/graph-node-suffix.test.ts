import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelAdapter } from '../src/graph';
import { scopedNetBuilder } from './helpers/graph-scoped-net';

describe('GraphModel --layer by the end of a scoped node name', () => {
  let model: ReturnType<ReturnType<typeof scopedNetBuilder>['load']>;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = scopedNetBuilder().load();
  });
  afterAll(() => model.dispose());

  it('an unambiguous suffix after a "/" cuts at the node that ends so, the same cut as its full name', () => {
    const bySuffix = graphModelAdapter(model, { node: 'block1/conv/Relu' });
    expect(bySuffix.node).toBe('model/block1/conv/Relu');
    expect(bySuffix.nodeShape).toEqual([1, 8, 8, 4]);
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const full = graphModelAdapter(model, { node: 'model/block1/conv/Relu' });
    const a = bySuffix.body(x).activations;
    const b = full.body(x).activations;
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
  });

  it('a suffix two nodes end with is refused, naming both', () => {
    const run = () => graphModelAdapter(model, { node: 'conv/Relu' });
    expect(run).toThrow(GradcamError);
    expect(run).toThrow(
      "node 'conv/Relu' is ambiguous: it ends 2 node names (model/block1/conv/Relu, model/block2/conv/Relu); give the full name of one",
    );
  });

  it('only whole path parts match: a cut inside a part is an unknown node', () => {
    expect(() => graphModelAdapter(model, { node: 'lock1/conv/Relu' })).toThrow(
      /^unknown node 'lock1\/conv\/Relu'; explainable nodes: model\/block1\/conv\/Relu, model\/block2\/conv\/Relu/,
    );
  });
});
