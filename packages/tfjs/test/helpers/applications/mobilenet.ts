import type * as tfl from '@tensorflow/tfjs-layers';
import { Blocks, functional, type ST } from './blocks';

/**
 * keras.applications.MobileNetV2 in miniature: stem conv -> BN -> ReLU6, inverted residual blocks
 * (1x1 expand -> BN -> ReLU6 -> depthwise 3x3 -> BN -> ReLU6 -> 1x1 project -> BN, an Add when
 * shape allows; a stride-2 block pads then convolves 'valid'), a 1x1 conv to 'out_relu', softmax.
 */
export function mobileNetV2Like(seed = 2): tfl.LayersModel {
  const b = new Blocks(seed);
  const block = (x: ST, inC: number, outC: number, strides: number) => {
    let h = b.relu(b.bn(b.conv(x, inC * 3, 1, { bias: false })), 6);
    if (strides === 2) h = b.zeroPad(h, 1);
    h = b.relu(b.bn(b.depthwise(h, 3, strides, strides === 2 ? 'valid' : 'same')), 6);
    h = b.bn(b.conv(h, outC, 1, { bias: false }));
    return strides === 1 && inC === outC ? b.add([x, h]) : h;
  };
  return functional('mobilenet_v2_like', [32, 32, 3], (x) => {
    let h = b.relu(b.bn(b.conv(x, 6, 3, { strides: 2, bias: false })), 6);
    h = block(h, 6, 6, 1);
    h = block(h, 6, 8, 2);
    h = block(h, 8, 8, 1);
    h = b.relu(b.bn(b.conv(h, 12, 1, { bias: false })), 6);
    return b.classifier(b.globalAvgPool(h), 5);
  });
}

/**
 * keras.applications.MobileNetV3 in miniature: hard-swish activations (x * relu6(x + 3) / 6),
 * squeeze-excite (global average pool -> 1x1 conv ReLU -> 1x1 conv hard sigmoid -> Multiply with
 * the features), inverted residuals with depthwise convs and BN.
 */
export function mobileNetV3Like(seed = 3): tfl.LayersModel {
  const b = new Blocks(seed);
  const squeezeExcite = (x: ST, channels: number) => {
    let s = b.reshape(b.globalAvgPool(x), [1, 1, channels]);
    s = b.conv(s, Math.max(2, channels / 4), 1, { activation: 'relu' });
    s = b.hardSigmoid(b.conv(s, channels, 1));
    return b.multiply([x, s]);
  };
  const block = (x: ST, inC: number, expanded: number, outC: number, strides: number) => {
    let h = b.hardSwish(b.bn(b.conv(x, expanded, 1, { bias: false })));
    h = b.hardSwish(b.bn(b.depthwise(h, 3, strides)));
    h = squeezeExcite(h, expanded);
    h = b.bn(b.conv(h, outC, 1, { bias: false }));
    return strides === 1 && inC === outC ? b.add([x, h]) : h;
  };
  return functional('mobilenet_v3_like', [32, 32, 3], (x) => {
    let h = b.hardSwish(b.bn(b.conv(x, 8, 3, { strides: 2, bias: false })));
    h = block(h, 8, 16, 8, 1);
    h = block(h, 8, 16, 8, 2);
    h = b.hardSwish(b.bn(b.conv(h, 12, 1, { bias: false })));
    return b.classifier(b.globalAvgPool(h), 5);
  });
}
