import { encodeModel, type ModelSpec, type NodeSpec, type TensorSpec } from './onnx-builder';
import { seeded, size } from './run-op';

const weight = (name: string, dims: number[], seed: number, scale = 0.4): TensorSpec => ({
  name,
  dims,
  data: seeded(size(dims), seed).map((v) => v * scale),
});

/**
 * A small residual convnet in ONNX's NCHW, as PyTorch exports one:
 *   x [N, 3, 8, 8] -> Conv c1 -> Relu r1 -> Conv c2 -> Relu r2 -> Add(r2, r1) sum -> Relu r3
 *   -> Conv c3 (stride 2) -> BatchNormalization bn -> Clip(0, 6) act -> GlobalAveragePool gap
 *   -> Flatten flat -> Gemm logits [N, 5] -> Softmax prob
 * plus a branch `side` from r1 that leads nowhere, and shape arithmetic (Shape, Gather, Concat,
 * Reshape) in place of a plain Flatten when `reshape` is set. With `channelsLast`, the input is
 * `x_nhwc` [N, 8, 8, 3] transposed to `x` inside the graph, as tf2onnx exports a Keras model.
 */
export function residualNet({
  reshape = false,
  channelsLast = false,
}: {
  reshape?: boolean;
  channelsLast?: boolean;
} = {}): Uint8Array {
  const nodes: NodeSpec[] = [
    {
      op: 'Conv',
      name: 'conv1',
      inputs: ['x', 'w1', 'b1'],
      outputs: ['c1'],
      attrs: { pads: { ints: [1, 1, 1, 1] } },
    },
    { op: 'Relu', name: 'relu1', inputs: ['c1'], outputs: ['r1'] },
    {
      op: 'Conv',
      name: 'conv2',
      inputs: ['r1', 'w2'],
      outputs: ['c2'],
      attrs: { pads: { ints: [1, 1, 1, 1] } },
    },
    { op: 'Relu', name: 'relu2', inputs: ['c2'], outputs: ['r2'] },
    { op: 'Add', name: 'add', inputs: ['r2', 'r1'], outputs: ['sum'] },
    { op: 'Relu', name: 'relu3', inputs: ['sum'], outputs: ['r3'] },
    {
      op: 'Conv',
      name: 'conv3',
      inputs: ['r3', 'w3'],
      outputs: ['c3'],
      attrs: { pads: { ints: [1, 1, 1, 1] }, strides: { ints: [2, 2] } },
    },
    { op: 'BatchNormalization', name: 'bn', inputs: ['c3', 'bn_s', 'bn_b', 'bn_m', 'bn_v'], outputs: ['bn'] },
    {
      op: 'Constant',
      name: 'lo',
      inputs: [],
      outputs: ['zero'],
      attrs: { value: { t: { dims: [], data: [0] } } },
    },
    {
      op: 'Constant',
      name: 'hi',
      inputs: [],
      outputs: ['six'],
      attrs: { value: { t: { dims: [], data: [6] } } },
    },
    { op: 'Clip', name: 'clip', inputs: ['bn', 'zero', 'six'], outputs: ['act'] },
    { op: 'GlobalAveragePool', name: 'pool', inputs: ['act'], outputs: ['gap'] },
    { op: 'Sigmoid', name: 'side', inputs: ['r1'], outputs: ['side'] },
  ];
  if (reshape) {
    // torch.flatten as older exporters write it: Reshape to [Shape(x)[0], -1].
    nodes.push(
      { op: 'Shape', name: 'shape', inputs: ['gap'], outputs: ['gap_shape'] },
      {
        op: 'Gather',
        name: 'batch',
        inputs: ['gap_shape', 'index0'],
        outputs: ['n'],
        attrs: { axis: { i: 0 } },
      },
      { op: 'Unsqueeze', name: 'unsq', inputs: ['n', 'axes0'], outputs: ['n1'] },
      {
        op: 'Concat',
        name: 'target',
        inputs: ['n1', 'minus1'],
        outputs: ['target'],
        attrs: { axis: { i: 0 } },
      },
      { op: 'Reshape', name: 'flatten', inputs: ['gap', 'target'], outputs: ['flat'] },
    );
  } else {
    nodes.push({ op: 'Flatten', name: 'flatten', inputs: ['gap'], outputs: ['flat'] });
  }
  nodes.push(
    {
      op: 'Gemm',
      name: 'fc',
      inputs: ['flat', 'fc_w', 'fc_b'],
      outputs: ['logits'],
      attrs: { transB: { i: 1 } },
    },
    { op: 'Softmax', name: 'softmax', inputs: ['logits'], outputs: ['prob'], attrs: { axis: { i: 1 } } },
  );
  if (channelsLast) {
    nodes.unshift({
      op: 'Transpose',
      name: 'to_nchw',
      inputs: ['x_nhwc'],
      outputs: ['x'],
      attrs: { perm: { ints: [0, 3, 1, 2] } },
    });
  }
  const spec: ModelSpec = {
    nodes,
    inputs: [
      channelsLast ? { name: 'x_nhwc', shape: ['batch', 8, 8, 3] } : { name: 'x', shape: ['batch', 3, 8, 8] },
    ],
    outputs: [{ name: 'prob', shape: ['batch', 5] }],
    initializers: [
      weight('w1', [4, 3, 3, 3], 1),
      weight('b1', [4], 2, 0.1),
      weight('w2', [4, 4, 3, 3], 3),
      weight('w3', [6, 4, 3, 3], 4),
      weight('bn_s', [6], 5),
      weight('bn_b', [6], 6, 0.2),
      weight('bn_m', [6], 7, 0.1),
      { name: 'bn_v', dims: [6], data: seeded(6, 8).map((v) => 0.5 + Math.abs(v)) },
      weight('fc_w', [5, 6], 9, 1),
      weight('fc_b', [5], 10, 0.1),
      { name: 'index0', dims: [], type: 'int64', data: [0n] },
      { name: 'axes0', dims: [1], type: 'int64', data: [0n] },
      { name: 'minus1', dims: [1], type: 'int64', data: [-1n] },
    ],
  };
  return encodeModel(spec);
}

/** x -> Conv -> act -> GlobalAveragePool -> Flatten -> Gemm, with `act` Relu or Clip(0, 6). */
export function oneLayerNet(act: 'Relu' | 'Clip'): Uint8Array {
  const nodes: NodeSpec[] = [
    { op: 'Conv', inputs: ['x', 'w'], outputs: ['pre'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
    act === 'Relu'
      ? { op: 'Relu', inputs: ['pre'], outputs: ['act'] }
      : { op: 'Clip', inputs: ['pre', 'zero', 'six'], outputs: ['act'] },
    { op: 'GlobalAveragePool', inputs: ['act'], outputs: ['gap'] },
    { op: 'Flatten', inputs: ['gap'], outputs: ['flat'] },
    { op: 'Gemm', inputs: ['flat', 'fc'], outputs: ['logits'], attrs: { transB: { i: 1 } } },
  ];
  return encodeModel({
    nodes,
    inputs: [{ name: 'x', shape: ['batch', 2, 6, 6] }],
    outputs: [{ name: 'logits' }],
    initializers: [
      weight('w', [3, 2, 3, 3], 21, 0.5),
      weight('fc', [4, 3], 22, 1),
      { name: 'zero', dims: [], data: [0] },
      { name: 'six', dims: [], data: [6] },
    ],
  });
}

/** x -> Conv a -> GlobalAveragePool -> pa, and a -> Conv b -> GlobalAveragePool -> pb: two outputs. */
export function twoOutputNet(): Uint8Array {
  return encodeModel({
    inputs: [{ name: 'x', shape: [1, 2, 4, 4] }],
    outputs: [{ name: 'pa' }, { name: 'pb' }],
    initializers: [weight('w1', [3, 2, 3, 3], 41), weight('w2', [3, 3, 3, 3], 42)],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w1'], outputs: ['a'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: 'Conv', inputs: ['a', 'w2'], outputs: ['b'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: 'GlobalAveragePool', inputs: ['a'], outputs: ['ga'] },
      { op: 'GlobalAveragePool', inputs: ['b'], outputs: ['gb'] },
      { op: 'Flatten', inputs: ['ga'], outputs: ['pa'] },
      { op: 'Flatten', inputs: ['gb'], outputs: ['pb'] },
    ],
  });
}
