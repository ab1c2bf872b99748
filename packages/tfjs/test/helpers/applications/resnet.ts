import type * as tfl from '@tensorflow/tfjs-layers';
import { Blocks, functional, type ST } from './blocks';

/**
 * keras.applications.ResNet50 in miniature: padded 7x7/2 stem conv -> BN -> ReLU, padded 3x3/2
 * max pool, bottleneck blocks (1x1 -> BN -> ReLU -> 3x3 -> BN -> ReLU -> 1x1 -> BN, added to a
 * shortcut that is a strided 1x1 conv + BN when the shape changes, then ReLU), softmax.
 */
export function resNetLike(seed = 4): tfl.LayersModel {
  const b = new Blocks(seed);
  const bottleneck = (x: ST, filters: number, strides: number, project: boolean) => {
    const shortcut = project ? b.bn(b.conv(x, filters * 2, 1, { strides })) : x;
    let h = b.relu(b.bn(b.conv(x, filters, 1, { strides })));
    h = b.relu(b.bn(b.conv(h, filters, 3)));
    h = b.bn(b.conv(h, filters * 2, 1));
    return b.relu(b.add([shortcut, h]));
  };
  return functional('resnet_like', [32, 32, 3], (x) => {
    let h = b.relu(b.bn(b.conv(b.zeroPad(x, 3), 8, 7, { strides: 2, padding: 'valid' })));
    h = b.maxPool(b.zeroPad(h, 1), 3, 2);
    h = bottleneck(h, 4, 1, true);
    h = bottleneck(h, 4, 1, false);
    h = bottleneck(h, 6, 2, true);
    return b.classifier(b.globalAvgPool(h), 5);
  });
}
