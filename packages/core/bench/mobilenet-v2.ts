import type { ExplainableModel } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';

type Conv = { filter: tf.Tensor4D; bias: tf.Tensor1D };

// MobileNetV2's inverted-residual settings (expansion t, channels c, repeats n, stride s).
const SETTINGS: [number, number, number, number][] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * MobileNetV2 at its real size (3.5M parameters, 224x224) with random weights and BatchNorm folded
 * into biases, written with fused TF.js ops, cut after its last 1x1 convolution (1280 x 7 x 7) as
 * the reference explains `features[-1]`. Weights are random: this measures time, not maps.
 */
export function mobileNetV2(seed = 1): ExplainableModel<tf.Tensor4D> & { dispose(): void } {
  let s = seed;
  const conv = (k: number, cin: number, cout: number): Conv => ({
    filter: tf.randomNormal(
      [k, k, cin, cout],
      0,
      Math.sqrt(2 / (k * k * cin)),
      'float32',
      s++,
    ) as tf.Tensor4D,
    bias: tf.randomNormal([cout], 0, 0.01, 'float32', s++) as tf.Tensor1D,
  });
  const dw = (cin: number): Conv => ({
    filter: tf.randomNormal([3, 3, cin, 1], 0, Math.sqrt(2 / 9), 'float32', s++) as tf.Tensor4D,
    bias: tf.randomNormal([cin], 0, 0.01, 'float32', s++) as tf.Tensor1D,
  });
  const stem = conv(3, 3, 32);
  const blocks: { expand?: Conv; depthwise: Conv; project: Conv; stride: number; residual: boolean }[] = [];
  let cin = 32;
  for (const [t, c, n, stride] of SETTINGS) {
    for (let i = 0; i < n; i++) {
      const hidden = cin * t;
      blocks.push({
        expand: t === 1 ? undefined : conv(1, cin, hidden),
        depthwise: dw(hidden),
        project: conv(1, hidden, c),
        stride: i === 0 ? stride : 1,
        residual: i > 0 && cin === c,
      });
      cin = c;
    }
  }
  const last = conv(1, cin, 1280);
  const classifier = {
    w: tf.randomNormal([1280, 1000], 0, 0.03, 'float32', s++) as tf.Tensor2D,
    b: tf.zeros([1000]) as tf.Tensor1D,
  };

  const run = (x: tf.Tensor4D, c: Conv, stride: number, relu6: boolean) =>
    tf.fused.conv2d({
      x,
      filter: c.filter,
      strides: stride,
      pad: 'same',
      bias: c.bias,
      activation: relu6 ? 'relu6' : 'linear',
    });

  const body = (x: tf.Tensor4D): tf.Tensor4D =>
    tf.tidy(() => {
      let h = run(x, stem, 2, true);
      for (const b of blocks) {
        let y = b.expand ? run(h, b.expand, 1, true) : h;
        y = tf.fused.depthwiseConv2d({
          x: y,
          filter: b.depthwise.filter,
          strides: b.stride,
          pad: 'same',
          bias: b.depthwise.bias,
          activation: 'relu6',
        });
        y = run(y, b.project, 1, false);
        h = b.residual ? tf.add(h, y) : y;
      }
      return run(h, last, 1, true);
    });

  const all = [stem, ...blocks.flatMap((b) => [b.expand, b.depthwise, b.project]), last].filter(
    Boolean,
  ) as Conv[];
  return {
    layer: 'features[-1]',
    inputSize: (x) => [x.shape[1], x.shape[2]],
    body: (x) => ({ activations: body(x), context: {} }),
    head: (a) => tf.tidy(() => tf.add(tf.matMul(tf.mean(a, [1, 2]), classifier.w), classifier.b)),
    dispose: () => {
      tf.dispose(all.flatMap((c) => [c.filter, c.bias]));
      tf.dispose([classifier.w, classifier.b]);
    },
  };
}
