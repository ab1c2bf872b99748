import type * as tfl from '@tensorflow/tfjs-layers';
import { Blocks, functional, type ST } from './blocks';

/**
 * keras.applications.InceptionV3 in miniature: every conv is conv2d_bn (Conv2D without bias ->
 * BatchNormalization(scale=False) -> ReLU), a valid strided stem with a 3x3/2 max pool over ReLU
 * outputs, a mixed block whose pool branch is a 3x3 'same' average pool, a reduction block
 * (strided valid convs beside a max pool), a factorised 1x3/3x1 block, global pooling, softmax.
 */
export function inceptionV3Like(seed = 1): tfl.LayersModel {
  const b = new Blocks(seed);
  const convBn = (
    x: ST,
    filters: number,
    kernel: number | [number, number],
    strides = 1,
    padding: 'same' | 'valid' = 'same',
  ) => b.relu(b.bn(b.conv(x, filters, kernel, { strides, padding, bias: false }), false));
  return functional('inception_v3_like', [40, 40, 3], (x) => {
    let h = convBn(x, 8, 3, 2, 'valid');
    h = convBn(h, 8, 3, 1, 'valid');
    h = b.maxPool(h, 3, 2);
    // mixed0: 1x1, 5x5, double 3x3 and average-pool branches.
    const mixed0 = b.concat([
      convBn(h, 4, 1),
      convBn(convBn(h, 3, 1), 4, 5),
      convBn(convBn(convBn(h, 3, 1), 4, 3), 4, 3),
      convBn(b.avgPool(h, 3, 1, 'same'), 4, 1),
    ]);
    // mixed3: a grid reduction.
    const mixed3 = b.concat([
      convBn(mixed0, 6, 3, 2, 'valid'),
      convBn(convBn(mixed0, 4, 1), 4, 3, 2, 'valid'),
      b.maxPool(mixed0, 3, 2),
    ]);
    // mixed4-style factorised convolutions.
    const mixed4 = b.concat([
      convBn(mixed3, 4, 1),
      convBn(convBn(convBn(mixed3, 4, 1), 4, [1, 3]), 4, [3, 1]),
      convBn(b.avgPool(mixed3, 3, 1, 'same'), 4, 1),
    ]);
    return b.classifier(b.globalAvgPool(mixed4), 5);
  });
}
