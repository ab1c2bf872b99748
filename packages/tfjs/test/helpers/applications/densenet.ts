import type * as tfl from '@tensorflow/tfjs-layers';
import { Blocks, functional, type ST } from './blocks';

/**
 * keras.applications.DenseNet121 in miniature: padded 7x7/2 stem -> BN -> ReLU -> padded 3x3/2 max
 * pool; dense blocks whose layers are BN -> ReLU -> 1x1 conv -> BN -> ReLU -> 3x3 conv, each
 * concatenated to everything before it; a transition BN -> ReLU -> 1x1 conv -> 2x2/2 average pool;
 * a final BN -> ReLU, global pooling, softmax.
 */
export function denseNetLike(seed = 5): tfl.LayersModel {
  const b = new Blocks(seed);
  const convBlock = (x: ST, growth: number) => {
    let h = b.conv(b.relu(b.bn(x)), 2 * growth, 1, { bias: false });
    h = b.conv(b.relu(b.bn(h)), growth, 3, { bias: false });
    return b.concat([x, h]);
  };
  const denseBlock = (x: ST, layers: number) => {
    let h = x;
    for (let i = 0; i < layers; i++) h = convBlock(h, 3);
    return h;
  };
  return functional('densenet_like', [32, 32, 3], (x) => {
    let h = b.relu(b.bn(b.conv(b.zeroPad(x, 3), 6, 7, { strides: 2, padding: 'valid', bias: false })));
    h = b.maxPool(b.zeroPad(h, 1), 3, 2);
    h = denseBlock(h, 2);
    h = b.avgPool(b.conv(b.relu(b.bn(h)), 6, 1, { bias: false }), 2, 2);
    h = denseBlock(h, 2);
    h = b.relu(b.bn(h));
    return b.classifier(b.globalAvgPool(h), 5);
  });
}
