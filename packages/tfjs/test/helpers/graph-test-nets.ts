import { type ExplainableModel, guidedRelu, guidedRelu6 } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { AnyGraphModel } from '../../src/graph/graph-access';
import { GraphModelBuilder } from './graph-model-builder';

type Values = Record<string, tf.Tensor>;
interface Activations {
  relu: (x: tf.Tensor) => tf.Tensor;
  relu6: (x: tf.Tensor) => tf.Tensor;
}
/** One named value of the network, computed from the values before it. */
export type Step = [name: string, compute: (v: Values, act: Activations) => tf.Tensor];

const plain: Activations = { relu: tf.relu, relu6: tf.relu6 };
const guided: Activations = { relu: guidedRelu, relu6: guidedRelu6 };

/**
 * A network written twice: as a GraphModel (through the converter's model.json format) and as
 * plain TF.js ops over the same weights, the independent reference the adapter is checked against.
 */
export interface TestNet {
  model: AnyGraphModel;
  /** The reference cut at `cut`: its body returns every value before the cut as context. */
  reference(cut: string): ExplainableModel<tf.Tensor4D, Values, tf.Tensor>;
  /** The reference's scored output with guided ReLUs, differentiable in the image. */
  guidedLogits(x: tf.Tensor): tf.Tensor;
  /** The reference's scored output. */
  logits(x: tf.Tensor): tf.Tensor;
  dispose(): void;
}

function heInit(shape: number[], fanIn: number, seed: number) {
  return tf.randomNormal(shape, 0, 1 / Math.sqrt(fanIn), 'float32', seed);
}

function smallBias(n: number, seed: number) {
  return tf.randomUniform([n], -0.2, 0.2, 'float32', seed);
}

/**
 * input [b,8,8,3] -> conv1 (_FusedConv2D, Relu) -> conv2 (Conv2D) -> dw (FusedDepthwiseConv2dNative,
 * Relu6) -> pw (_FusedConv2D 1x1, linear) -> add (AddV2 with conv1: the skip connection around
 * conv2, dw and pw) -> relu -> conv3 (_FusedConv2D, linear) -> act3 (Relu6) -> mean -> fc1
 * (_FusedMatMul, Relu) -> MatMul -> logits (AddV2) -> probs (Softmax).
 * The branch ends linearly (pw) so that no rectifier sees the sum of two rectified tensors, which
 * is exactly zero wherever both are, a kink that finite differences cannot cross.
 */
export function residualNet(seed = 1, classes = 5): TestNet {
  const { builder, steps, weights } = residualNetParts(seed, classes);
  return testNet(builder.load(), steps, weights);
}

/** The residual network's graph before loading, its reference steps, and its weights. */
export function residualNetParts(
  seed = 1,
  classes = 5,
): { builder: GraphModelBuilder; steps: Step[]; weights: tf.Tensor[] } {
  const w = {
    k1: heInit([3, 3, 3, 4], 27, seed + 1),
    b1: smallBias(4, seed + 2),
    k2: heInit([3, 3, 4, 4], 36, seed + 3),
    kd: heInit([3, 3, 4, 1], 9, seed + 4),
    bd: smallBias(4, seed + 5),
    kp: heInit([1, 1, 4, 4], 4, seed + 12),
    bp: smallBias(4, seed + 13),
    k3: heInit([3, 3, 4, 6], 36, seed + 6),
    b3: smallBias(6, seed + 7),
    w1: heInit([6, 8], 6, seed + 8),
    bfc1: smallBias(8, seed + 9),
    w2: heInit([8, classes], 8, seed + 10),
    b2: smallBias(classes, seed + 11),
    axes: tf.tensor1d([1, 2], 'int32'),
  };
  const g = new GraphModelBuilder();
  for (const [name, value] of Object.entries(w)) g.constant(name, value);
  g.placeholder('input', [-1, 8, 8, 3]);
  g.fusedConv2d('conv1', 'input', 'k1', 'b1', 'Relu');
  g.conv2d('conv2', 'conv1', 'k2');
  g.fusedDepthwiseConv2d('dw', 'conv2', 'kd', 'bd', 'Relu6');
  g.fusedConv2d('pw', 'dw', 'kp', 'bp', undefined);
  g.op('add', 'AddV2', ['pw', 'conv1'], { T: { type: 'DT_FLOAT' } });
  g.op('relu', 'Relu', ['add']);
  g.fusedConv2d('conv3', 'relu', 'k3', 'b3', undefined);
  g.op('act3', 'Relu6', ['conv3']);
  g.op('mean', 'Mean', ['act3', 'axes'], { keep_dims: { b: false } });
  g.fusedMatMul('fc1', 'mean', 'w1', 'bfc1', 'Relu');
  g.matMul('logits_mm', 'fc1', 'w2');
  g.op('logits', 'AddV2', ['logits_mm', 'b2']);
  g.op('probs', 'Softmax', ['logits']);

  const steps: Step[] = [
    ['conv1', (v, a) => a.relu(tf.conv2d(v.input as tf.Tensor4D, w.k1 as tf.Tensor4D, 1, 'same').add(w.b1))],
    ['conv2', (v) => tf.conv2d(v.conv1 as tf.Tensor4D, w.k2 as tf.Tensor4D, 1, 'same')],
    [
      'dw',
      (v, a) => a.relu6(tf.depthwiseConv2d(v.conv2 as tf.Tensor4D, w.kd as tf.Tensor4D, 1, 'same').add(w.bd)),
    ],
    ['pw', (v) => tf.conv2d(v.dw as tf.Tensor4D, w.kp as tf.Tensor4D, 1, 'same').add(w.bp)],
    ['add', (v) => v.pw.add(v.conv1)],
    ['relu', (v, a) => a.relu(v.add)],
    ['conv3', (v) => tf.conv2d(v.relu as tf.Tensor4D, w.k3 as tf.Tensor4D, 1, 'same').add(w.b3)],
    ['act3', (v, a) => a.relu6(v.conv3)],
    ['mean', (v) => v.act3.mean([1, 2])],
    ['fc1', (v, a) => a.relu(tf.matMul(v.mean as tf.Tensor2D, w.w1 as tf.Tensor2D).add(w.bfc1))],
    ['logits', (v) => tf.matMul(v.fc1 as tf.Tensor2D, w.w2 as tf.Tensor2D).add(w.b2)],
  ];
  return { builder: g, steps, weights: Object.values(w) };
}

/**
 * A flatten whose target shape is computed from the input (Shape -> StridedSlice -> Pack ->
 * Reshape), as converted Keras models with an open batch have it: an int32 tensor that depends on
 * the input crosses any cut, and must follow the head's number of rows.
 * input [b,6,6,2] -> c1 (_FusedConv2D, Relu) -> c2 (Conv2D) -> sum (AddV2 with c1) -> flat
 * (Reshape to [batch, -1]) -> logits (MatMul).
 */
export function reshapeNet(seed = 1, classes = 4): TestNet {
  const w = {
    k1: heInit([3, 3, 2, 3], 18, seed + 1),
    b1: smallBias(3, seed + 2),
    k2: heInit([3, 3, 3, 3], 27, seed + 3),
    wf: heInit([6 * 6 * 3, classes], 108, seed + 4),
    begin: tf.tensor1d([0], 'int32'),
    end: tf.tensor1d([1], 'int32'),
    strides: tf.tensor1d([1], 'int32'),
    minusOne: tf.scalar(-1, 'int32'),
  };
  const g = new GraphModelBuilder();
  for (const [name, value] of Object.entries(w)) g.constant(name, value);
  g.placeholder('input', [-1, 6, 6, 2]);
  g.fusedConv2d('c1', 'input', 'k1', 'b1', 'Relu');
  g.conv2d('c2', 'c1', 'k2');
  g.op('sum', 'AddV2', ['c2', 'c1']);
  g.op('shape', 'Shape', ['input'], { out_type: { type: 'DT_INT32' } });
  g.op('batch', 'StridedSlice', ['shape', 'begin', 'end', 'strides'], { shrink_axis_mask: { i: '1' } });
  g.op('flat_shape', 'Pack', ['batch', 'minusOne'], { N: { i: '2' }, axis: { i: '0' } });
  g.op('flat', 'Reshape', ['sum', 'flat_shape']);
  g.matMul('logits', 'flat', 'wf');

  const steps: Step[] = [
    ['c1', (v, a) => a.relu(tf.conv2d(v.input as tf.Tensor4D, w.k1 as tf.Tensor4D, 1, 'same').add(w.b1))],
    ['c2', (v) => tf.conv2d(v.c1 as tf.Tensor4D, w.k2 as tf.Tensor4D, 1, 'same')],
    ['sum', (v) => v.c2.add(v.c1)],
    ['flat', (v) => v.sum.reshape([v.sum.shape[0], -1])],
    ['logits', (v) => tf.matMul(v.flat as tf.Tensor2D, w.wf as tf.Tensor2D)],
  ];
  return testNet(g.load(), steps, Object.values(w));
}

/**
 * Two outputs of one node cross the cut: input [b,5,5,2] -> conv (_FusedConv2D, Relu, 4 channels)
 * -> halves (Split in two along channels) -> branch (Conv2D of the first half, the cut) -> joined
 * (ConcatV2 of branch and both halves) -> pooled (Mean) -> logits (MatMul). The executor takes
 * feeds per node, so the head must recompute the Split from conv rather than be fed both halves.
 */
export function splitNet(seed = 1, classes = 3): TestNet {
  const w = {
    k: heInit([3, 3, 2, 4], 18, seed + 1),
    b: smallBias(4, seed + 2),
    kb: heInit([3, 3, 2, 3], 18, seed + 3),
    wf: heInit([7, classes], 7, seed + 4),
    channelAxis: tf.scalar(3, 'int32'),
    axes: tf.tensor1d([1, 2], 'int32'),
  };
  const g = new GraphModelBuilder();
  for (const [name, value] of Object.entries(w)) g.constant(name, value);
  g.placeholder('input', [-1, 5, 5, 2]);
  g.fusedConv2d('conv', 'input', 'k', 'b', 'Relu');
  g.op('halves', 'Split', ['channelAxis', 'conv'], { num_split: { i: '2' } });
  g.conv2d('branch', 'halves', 'kb');
  g.op('joined', 'ConcatV2', ['branch', 'halves', 'halves:1', 'channelAxis'], { N: { i: '3' } });
  g.op('pooled', 'Mean', ['joined', 'axes'], { keep_dims: { b: false } });
  g.matMul('logits', 'pooled', 'wf');

  const steps: Step[] = [
    ['conv', (v, a) => a.relu(tf.conv2d(v.input as tf.Tensor4D, w.k as tf.Tensor4D, 1, 'same').add(w.b))],
    ['first', (v) => v.conv.slice([0, 0, 0, 0], [-1, -1, -1, 2])],
    ['second', (v) => v.conv.slice([0, 0, 0, 2], [-1, -1, -1, 2])],
    ['branch', (v) => tf.conv2d(v.first as tf.Tensor4D, w.kb as tf.Tensor4D, 1, 'same')],
    ['joined', (v) => tf.concat([v.branch, v.first, v.second], 3)],
    ['pooled', (v) => v.joined.mean([1, 2])],
    ['logits', (v) => tf.matMul(v.pooled as tf.Tensor2D, w.wf as tf.Tensor2D)],
  ];
  return testNet(g.load(), steps, Object.values(w));
}

function testNet(model: AnyGraphModel, steps: Step[], weights: tf.Tensor[]): TestNet {
  const run = (values: Values, from: number, act: Activations) => {
    const all = { ...values };
    for (const [name, compute] of steps.slice(from)) all[name] = compute(all, act);
    return all;
  };
  const last = steps[steps.length - 1][0];
  return {
    model,
    reference(cut) {
      const at = steps.findIndex(([name]) => name === cut);
      if (at < 0) throw new Error(`the reference has no value '${cut}'`);
      return {
        layer: cut,
        inputSize: (x) => [x.shape[1], x.shape[2]],
        body: (x) =>
          tf.tidy(() => {
            const values = run({ input: x }, 0, plain);
            const { [cut]: activations, ...earlier } = values;
            for (const name of steps.slice(at + 1).map(([n]) => n)) delete earlier[name];
            earlier.input = x.clone();
            return { activations: activations as tf.Tensor4D, context: earlier };
          }),
        head: (activations, context) => run({ ...context, [cut]: activations }, at + 1, plain)[last],
      };
    },
    guidedLogits: (x) => run({ input: x }, 0, guided)[last],
    logits: (x) => run({ input: x }, 0, plain)[last],
    dispose: () => {
      model.dispose();
      tf.dispose(weights);
    },
  };
}
