import type * as tfl from '@tensorflow/tfjs-layers';
import { Blocks, functional, type ST } from './blocks';

/**
 * keras.applications.Xception's entry flow and a DeepLabV3-style atrous head, in miniature:
 * strided conv -> BN -> ReLU stem; a block of SeparableConv2D -> BN -> ReLU -> SeparableConv2D
 * -> BN -> 3x3/2 'same' max pool, added to a strided 1x1 conv + BN shortcut; then parallel
 * branches (1x1 conv, separable conv at dilation 2, conv at dilation 3), concatenated, a 1x1
 * projection, global pooling, softmax.
 */
export function xceptionLike(seed = 8): tfl.LayersModel {
  const b = new Blocks(seed);
  const bnRelu = (x: ST) => b.relu(b.bn(x));
  return functional('xception_like', [32, 32, 3], (x) => {
    let h = bnRelu(b.conv(x, 8, 3, { strides: 2, bias: false }));
    h = bnRelu(b.conv(h, 8, 3, { bias: false }));
    const shortcut = b.bn(b.conv(h, 12, 1, { strides: 2, bias: false }));
    let m = bnRelu(b.separable(h, 12, 3));
    m = b.maxPool(b.bn(b.separable(m, 12, 3)), 3, 2, 'same');
    h = b.add([shortcut, m]);
    const atrous = b.concat([
      bnRelu(b.conv(h, 6, 1, { bias: false })),
      bnRelu(b.separable(h, 6, 3, 2)),
      bnRelu(b.conv(h, 6, 3, { dilation: 3, bias: false })),
    ]);
    h = bnRelu(b.conv(atrous, 8, 1, { bias: false }));
    return b.classifier(b.globalAvgPool(h), 5);
  });
}
