import { encodeModel, type NodeSpec, type TensorSpec } from './onnx-builder';
import { seeded, size } from './seeded';

const weight = (name: string, dims: number[], seed: number, scale = 0.4): TensorSpec => ({
  name,
  dims,
  data: seeded(size(dims), seed).map((v) => v * scale),
});

/**
 * A SqueezeNet in miniature, as torchvision exports it: a stem, one fire module (squeeze 1x1,
 * expand 1x1 and 3x3, concatenated), then the classifier: Dropout, a 1x1 convolution with one
 * channel per class, ReLU, global average pooling, Flatten.
 *   x [N, 3, 12, 12] -> stem [N, 8, 6, 6] -> fire [N, 12, 6, 6] -> class_map [N, 10, 6, 6] -> y [N, 10]
 */
export function squeezeNet(classes = 10): Uint8Array {
  const conv = (name: string, input: string, w: string, pads = 0, strides = 1): NodeSpec => ({
    op: 'Conv',
    name,
    inputs: [input, w, `${w}_b`],
    outputs: [`${name}_out`],
    attrs: { pads: { ints: [pads, pads, pads, pads] }, strides: { ints: [strides, strides] } },
  });
  const relu = (name: string, input: string, output: string): NodeSpec => ({
    op: 'Relu',
    name,
    inputs: [input],
    outputs: [output],
  });
  const nodes: NodeSpec[] = [
    conv('stem', 'x', 'w_stem', 1, 2),
    relu('stem_relu', 'stem_out', 'stem'),
    conv('squeeze', 'stem', 'w_sq'),
    relu('squeeze_relu', 'squeeze_out', 'sq'),
    conv('expand1', 'sq', 'w_e1'),
    relu('expand1_relu', 'expand1_out', 'e1'),
    conv('expand3', 'sq', 'w_e3', 1),
    relu('expand3_relu', 'expand3_out', 'e3'),
    { op: 'Concat', name: 'fire', inputs: ['e1', 'e3'], outputs: ['fire'], attrs: { axis: { i: 1 } } },
    { op: 'Dropout', name: 'dropout', inputs: ['fire'], outputs: ['dropped'] },
    conv('classifier', 'dropped', 'w_cls'),
    relu('classifier_relu', 'classifier_out', 'class_map'),
    { op: 'GlobalAveragePool', name: 'pool', inputs: ['class_map'], outputs: ['pooled'] },
    { op: 'Flatten', name: 'flatten', inputs: ['pooled'], outputs: ['y'] },
  ];
  const params: [string, number[]][] = [
    ['w_stem', [8, 3, 3, 3]],
    ['w_sq', [4, 8, 1, 1]],
    ['w_e1', [6, 4, 1, 1]],
    ['w_e3', [6, 4, 3, 3]],
    ['w_cls', [classes, 12, 1, 1]],
  ];
  return encodeModel({
    nodes,
    inputs: [{ name: 'x', shape: ['batch', 3, 12, 12] }],
    outputs: [{ name: 'y', shape: ['batch', classes] }],
    initializers: params.flatMap(([name, dims], i) => [
      weight(name, dims, 60 + i),
      weight(`${name}_b`, [dims[0]], 70 + i, 0.1),
    ]),
  });
}
