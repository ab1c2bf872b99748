import * as tfl from '@tensorflow/tfjs-layers';
import { Blocks, functional, type ST } from './blocks';

/**
 * SqueezeNet as Keras ports and torchvision build it, in miniature: fire modules (1x1 squeeze ->
 * 1x1 and 3x3 expands, concatenated), then the classifier: Dropout -> a 1x1 conv with one channel
 * per class -> ReLU -> global average pooling -> softmax. Its last 4-D layer is that class map;
 * the reference explains the last fire module ('fire3_concat').
 */
export function squeezeNetLike(seed = 7, classes = 10): tfl.LayersModel {
  const b = new Blocks(seed);
  const relu = { activation: 'relu' as const };
  const fire = (x: ST, name: string, squeeze: number, expand: number) => {
    const s = b.conv(x, squeeze, 1, relu);
    return tfl.layers
      .concatenate({ name: `${name}_concat` })
      .apply([b.conv(s, expand, 1, relu), b.conv(s, expand, 3, relu)]) as ST;
  };
  return functional('squeezenet_like', [32, 32, 3], (x) => {
    let h = b.maxPool(b.conv(x, 8, 3, { strides: 2, activation: 'relu' }), 3, 2);
    h = fire(h, 'fire2', 4, 6);
    h = fire(h, 'fire3', 4, 8);
    h = tfl.layers.dropout({ rate: 0.5, name: 'drop9' }).apply(h) as ST;
    h = b.conv(h, classes, 1, { name: 'conv10' });
    h = tfl.layers.reLU({ name: 'relu_conv10' }).apply(h) as ST;
    h = b.globalAvgPool(h);
    return tfl.layers.activation({ activation: 'softmax', name: 'loss' }).apply(h) as ST;
  });
}
