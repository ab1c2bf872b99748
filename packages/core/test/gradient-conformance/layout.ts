import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case';

// Every op here is linear in its float inputs: differenced exactly on the backend with a unit step,
// no float64 reference needed.
type T4 = tf.Tensor4D;

function linear(kernel: string, name: string, shapes: number[][], f: ConformanceCase['f']): ConformanceCase {
  return { kernel, name, inputs: shapes.map((shape) => ({ shape })), f, linear: true };
}

const ids = (shape: number[], values: number[]) => ({ shape, values, dtype: 'int32' as const });

const reshaping: ConformanceCase[] = [
  linear('Reshape', '[2, 3, 4] to [6, 4]', [[2, 3, 4]], (x) => tf.reshape(x, [6, 4])),
  linear('ExpandDims', 'axis 1', [[2, 3]], (x) => tf.expandDims(x, 1)),
  linear('Transpose', 'NHWC to NCHW', [[2, 2, 3, 2]], (x) => tf.transpose(x, [0, 3, 1, 2])),
  linear('Tile', '[2, 3] tiled [2, 3] (gradient sums the copies)', [[2, 3]], (x) => tf.tile(x, [2, 3])),
  linear('Reverse', 'axes 0 and 2', [[2, 3, 2]], (x) => tf.reverse(x, [0, 2])),
  linear(
    'Pack',
    'stack of two on axis 1',
    [
      [2, 3],
      [2, 3],
    ],
    (a, b) => tf.stack([a, b], 1),
  ),
  linear('Unpack', 'unstack axis 1, re-weighted', [[2, 3, 2]], (x) =>
    tf.concat(tf.unstack(x, 1).map((t, i) => tf.mul(t, i + 1))),
  ),
  linear('BatchToSpaceND', 'block 2x2', [[4, 2, 2, 1]], (x) =>
    tf.batchToSpaceND(
      x,
      [2, 2],
      [
        [0, 0],
        [0, 0],
      ],
    ),
  ),
  linear('SpaceToBatchND', 'block 2x2 with padding', [[1, 3, 3, 2]], (x) =>
    tf.spaceToBatchND(
      x,
      [2, 2],
      [
        [0, 1],
        [1, 0],
      ],
    ),
  ),
];

const joining: ConformanceCase[] = [
  linear(
    'Concat',
    'channels (Inception mixed block)',
    [
      [1, 2, 2, 3],
      [1, 2, 2, 1],
      [1, 2, 2, 2],
    ],
    (a, b, c) => tf.concat([a, b, c], 3),
  ),
  linear(
    'Concat',
    'axis 0, batch',
    [
      [1, 3],
      [2, 3],
    ],
    (a, b) => tf.concat([a, b], 0),
  ),
  linear('SplitV', 'uneven split of channels, re-weighted', [[2, 2, 5]], (x) =>
    tf.concat(
      tf.split(x, [2, 3], 2).map((t, i) => tf.mul(t, i + 2)),
      2,
    ),
  ),
  linear('Slice', 'interior box', [[2, 4, 4, 2]], (x) => tf.slice(x, [0, 1, 1, 0], [2, 2, 3, 1])),
  linear('Slice', 'class token [B, T, C] at token 0', [[2, 5, 3]], (x) => tf.slice(x, [0, 0, 0], [2, 1, 3])),
  linear('StridedSlice', 'class token via x[:, 0] (converter)', [[2, 5, 3]], (x) =>
    tf.stridedSlice(x, [0, 0, 0], [2, 1, 3], [1, 1, 1], 0, 0, 0, 0, 2),
  ),
];

const padding: ConformanceCase[] = [
  linear('PadV2', 'asymmetric, constant 0.5', [[1, 3, 3, 2]], (x) =>
    tf.pad(
      x,
      [
        [0, 0],
        [1, 2],
        [0, 1],
        [0, 0],
      ],
      0.5,
    ),
  ),
  linear('MirrorPad', 'reflect', [[1, 3, 4, 1]], (x) =>
    tf.mirrorPad(
      x,
      [
        [0, 0],
        [1, 1],
        [2, 1],
        [0, 0],
      ],
      'reflect',
    ),
  ),
  linear('MirrorPad', 'symmetric', [[1, 3, 3, 1]], (x) =>
    tf.mirrorPad(
      x,
      [
        [0, 0],
        [1, 2],
        [2, 0],
        [0, 0],
      ],
      'symmetric',
    ),
  ),
];

const resizing: ConformanceCase[] = [
  linear('ResizeBilinear', '3x3 to 5x7, half-pixel centers', [[1, 3, 3, 2]], (x) =>
    tf.image.resizeBilinear(x as T4, [5, 7], false, true),
  ),
  linear('ResizeBilinear', '4x4 to 7x7, align corners, batch 2', [[2, 4, 4, 1]], (x) =>
    tf.image.resizeBilinear(x as T4, [7, 7], true),
  ),
  linear('ResizeBilinear', '6x6 to 3x4 (downsampling)', [[1, 6, 6, 1]], (x) =>
    tf.image.resizeBilinear(x as T4, [3, 4]),
  ),
  linear('ResizeNearestNeighbor', '2x3 to 4x6 (UpSampling2D)', [[1, 2, 3, 2]], (x) =>
    tf.image.resizeNearestNeighbor(x as T4, [4, 6]),
  ),
  linear('ResizeNearestNeighbor', '3x3 to 5x5, half-pixel centers', [[1, 3, 3, 1]], (x) =>
    tf.image.resizeNearestNeighbor(x as T4, [5, 5], false, true),
  ),
];

const indexing: ConformanceCase[] = [
  {
    kernel: 'GatherV2',
    name: 'axis 0 with repeated indices (embedding)',
    inputs: [{ shape: [4, 3] }, ids([5], [2, 0, 2, 3, 2])],
    f: (x, i) => tf.gather(x, i, 0),
    linear: true,
  },
  {
    kernel: 'GatherV2',
    name: 'class token: tokens axis 1, index 0 (ViT)',
    inputs: [{ shape: [2, 5, 3] }, ids([1], [0])],
    f: (x, i) => tf.gather(x, i, 1),
    linear: true,
  },
  {
    kernel: 'UnsortedSegmentSum',
    name: 'segments with repeats and an empty segment',
    inputs: [{ shape: [5, 2] }, ids([5], [0, 2, 0, 3, 2])],
    f: (x, s) => tf.unsortedSegmentSum(x, s as tf.Tensor1D, 4),
    linear: true,
  },
  {
    kernel: 'OneHot',
    name: 'zero gradient through the one-hot of int indices',
    inputs: [{ shape: [3, 4] }, ids([3], [1, 3, 0])],
    f: (x, i) => tf.mul(x, tf.oneHot(i as tf.Tensor1D, 4)),
    linear: true,
  },
  linear('Cumsum', 'axis 1, exclusive and reversed (ONNX CumSum)', [[2, 4]], (x) =>
    tf.cumsum(x, 1, true, true),
  ),
  linear('Cumsum', 'axis 0', [[3, 2]], (x) => tf.cumsum(x, 0)),
];

export const layoutCases: ConformanceCase[] = [
  ...reshaping,
  ...joining,
  ...padding,
  ...resizing,
  ...indexing,
];
