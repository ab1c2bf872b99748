import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { AnyGraphModel } from '../../src/graph/graph-access';
import { attr, GraphModelBuilder } from './graph-model-builder';

type ST = tfl.SymbolicTensor;

/**
 * A LayersModel that passes through every layer kind the ONNX body export covers, with sizes that
 * make 'same' paddings uneven (odd and even sides, stride 2), a depth multiplier of 2, dilation,
 * upsampling both ways, broadcasting products, Flatten/Reshape and Dense on a 4-D tensor.
 */
export function layerCoverageNet(): tfl.LayersModel {
  let seed = 500;
  const init = () => tfl.initializers.randomNormal({ mean: 0, stddev: 0.4, seed: seed++ });
  const apply = (layer: tfl.layers.Layer, x: ST | ST[]) => layer.apply(x) as ST;
  const conv = (x: ST, filters: number, o: Record<string, unknown> = {}) =>
    apply(
      tfl.layers.conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: init(),
        biasInitializer: init(),
        ...o,
      }),
      x,
    );
  const x = tfl.input({ shape: [15, 14, 3], name: 'image' });
  let h = conv(x, 6, { strides: 2, activation: 'elu' });
  h = apply(
    tfl.layers.depthwiseConv2d({
      kernelSize: 3,
      depthMultiplier: 2,
      padding: 'same',
      depthwiseInitializer: init(),
      biasInitializer: init(),
      useBias: true,
      activation: 'sigmoid',
    }),
    h,
  );
  h = apply(tfl.layers.leakyReLU({ alpha: 0.1 }), h);
  h = apply(tfl.layers.prelu({ alphaInitializer: init() }), h);
  h = conv(h, 8, { dilationRate: 2, activation: 'swish' });
  h = apply(
    tfl.layers.batchNormalization({
      center: false,
      gammaInitializer: init(),
      movingMeanInitializer: init(),
      movingVarianceInitializer: tfl.initializers.constant({ value: 0.7 }),
    }),
    h,
  );
  const pooledMax = apply(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), h);
  const pooledAvg = apply(tfl.layers.averagePooling2d({ poolSize: 2, strides: 2, padding: 'same' }), h);
  h = apply(tfl.layers.maximum(), [
    apply(tfl.layers.average(), [pooledMax, pooledAvg]),
    apply(tfl.layers.minimum(), [pooledMax, pooledAvg]),
  ]);
  h = apply(tfl.layers.activation({ activation: 'relu6' }), h);
  const near = apply(tfl.layers.upSampling2d({ size: [2, 2] }), h);
  const bilinear = apply(tfl.layers.upSampling2d({ size: [2, 2], interpolation: 'bilinear' }), h);
  h = apply(tfl.layers.concatenate(), [near, bilinear]);
  // Squeeze-excite: rank-2 Dense, a hard sigmoid, reshaped to [1, 1, C] and broadcast.
  let s = apply(tfl.layers.globalAveragePooling2d({}), h);
  s = apply(
    tfl.layers.dense({ units: 4, activation: 'relu', kernelInitializer: init(), biasInitializer: init() }),
    s,
  );
  s = apply(tfl.layers.dense({ units: 16, activation: 'hardSigmoid', kernelInitializer: init() }), s);
  s = apply(tfl.layers.reshape({ targetShape: [1, 1, 16] }), s);
  h = apply(tfl.layers.multiply(), [h, s]);
  h = apply(
    tfl.layers.zeroPadding2d({
      padding: [
        [1, 0],
        [0, 2],
      ],
    }),
    h,
  );
  h = conv(h, 6, { padding: 'valid', activation: 'tanh' });
  h = apply(
    tfl.layers.dense({
      units: 5,
      activation: 'softplus',
      kernelInitializer: init(),
      biasInitializer: init(),
    }),
    h,
  );
  const [, hh, ww, cc] = h.shape as number[];
  h = apply(tfl.layers.reshape({ targetShape: [hh, ww, cc] }), apply(tfl.layers.flatten(), h));
  h = apply(
    tfl.layers.separableConv2d({
      filters: 7,
      kernelSize: 3,
      padding: 'same',
      depthwiseInitializer: init(),
      pointwiseInitializer: init(),
      biasInitializer: init(),
      activation: 'selu',
    }),
    h,
  );
  h = apply(tfl.layers.add(), [h, apply(tfl.layers.rescaling({ scale: 0.5, offset: 0.1 }), h)]);
  const pooled = apply(tfl.layers.globalAveragePooling2d({}), h);
  const out = apply(tfl.layers.dense({ units: 5, activation: 'softmax', kernelInitializer: init() }), pooled);
  return tfl.model({ inputs: x, outputs: out });
}

const float = { type: 'DT_FLOAT' };
const window = (stride: number, padding: string) => ({
  T: float,
  strides: attr.ints([1, stride, stride, 1]),
  padding: attr.s(padding),
  data_format: attr.s('NHWC'),
  dilations: attr.ints([1, 1, 1, 1]),
});

/**
 * A GraphModel written as the converter writes graphs, through the converter's own nodes: fused
 * convolutions with each fused activation, explicit paddings, FusedBatchNormV3, mirror and
 * constant pads, the four resize conventions, ClipByValue, AddN, Maximum, RealDiv, Reshape.
 */
export function graphCoverageNet(): AnyGraphModel {
  const g = new GraphModelBuilder();
  let seed = 900;
  const held: tf.Tensor[] = [];
  const c = (name: string, shape: number[], offset = 0) => {
    const t = tf.randomNormal(shape, offset, 0.4, 'float32', seed++);
    held.push(t);
    return g.constant(name, t);
  };
  const ints = (name: string, values: number[], shape = [values.length]) => {
    const t = tf.tensor(values, shape, 'int32');
    held.push(t);
    return g.constant(name, t);
  };
  const fused = (
    name: string,
    op: string,
    x: string,
    kernel: number[],
    activation: string,
    stride = 1,
    extra: string[] = [],
    attrs = {},
  ) =>
    g.op(
      name,
      op,
      [
        x,
        c(`${name}/w`, kernel),
        c(`${name}/b`, [op.includes('Depthwise') ? kernel[2] * kernel[3] : kernel[3]]),
        ...extra,
      ],
      {
        ...window(stride, 'SAME'),
        num_args: attr.i(1 + extra.length),
        fused_ops: attr.strings(['BiasAdd', activation]),
        ...attrs,
      },
    );
  const x = g.placeholder('image', [-1, 9, 10, 3]);
  let h = fused('c1', '_FusedConv2D', x, [3, 3, 3, 6], 'Relu6', 2);
  h = fused('c2', 'FusedDepthwiseConv2dNative', h, [3, 3, 6, 2], 'Elu');
  h = fused('c3', '_FusedConv2D', h, [3, 3, 12, 8], 'LeakyRelu', 1, [], { leakyrelu_alpha: { f: 0.15 } });
  h = fused('c4', '_FusedConv2D', h, [1, 1, 8, 8], 'Prelu', 1, [c('c4/alpha', [8])]);
  h = g.op('c5', 'Conv2D', [h, c('c5/w', [2, 2, 8, 6])], {
    ...window(1, 'EXPLICIT'),
    explicit_paddings: attr.ints([0, 0, 1, 2, 2, 1, 0, 0]),
  });
  const bn = ['scale', 'offset', 'mean'].map((n, i) => c(`bn/${n}`, [6], i === 0 ? 1 : 0));
  h = g.op('bn', 'FusedBatchNormV3', [h, ...bn, c('bn/variance', [6], 2)], {
    T: float,
    U: float,
    epsilon: { f: 0.001 },
    data_format: attr.s('NHWC'),
    is_training: attr.b(false),
  });
  h = g.op('sig', 'Sigmoid', [h], { T: float });
  h = g.op('mirror', 'MirrorPad', [h, ints('mirror/p', [0, 0, 1, 1, 2, 1, 0, 0], [4, 2])], {
    T: float,
    mode: attr.s('REFLECT'),
  });
  h = g.op('padv2', 'PadV2', [h, ints('padv2/p', [0, 0, 0, 1, 1, 0, 0, 0], [4, 2]), c('padv2/v', [])], {
    T: float,
  });
  const resize = (name: string, op: string, size: number[], align: boolean, half: boolean) =>
    g.op(name, op, [h, ints(`${name}/size`, size)], {
      T: float,
      align_corners: attr.b(align),
      half_pixel_centers: attr.b(half),
    });
  h = g.op(
    'mixed',
    'ConcatV2',
    [
      resize('bilinear_align', 'ResizeBilinear', [13, 11], true, false),
      resize('bilinear_half', 'ResizeBilinear', [13, 11], false, true),
      resize('nearest_half', 'ResizeNearestNeighbor', [13, 11], false, true),
      resize('nearest_align', 'ResizeNearestNeighbor', [13, 11], true, false),
      ints('mixed/axis', [3], []),
    ],
    { N: attr.i(4), T: float },
  );
  h = g.op('avg', 'AvgPool', [h], { ...window(2, 'SAME'), ksize: attr.ints([1, 3, 3, 1]) });
  h = g.op('max', 'MaxPool', [h], { ...window(1, 'VALID'), ksize: attr.ints([1, 2, 2, 1]) });
  const se = g.op('se', 'Mean', [h, ints('se/axes', [1, 2])], { T: float, keep_dims: attr.b(true) });
  h = g.op('scaled', 'Mul', [h, se], { T: float });
  h = g.op('shifted', 'Sub', [h, c('shift', [24])], { T: float });
  h = g.op('divided', 'RealDiv', [h, c('divisor', [], 2)], { T: float });
  h = g.op('clip', 'ClipByValue', [h, c('clip/lo', [], -1), c('clip/hi', [], 1)], { T: float });
  const [hh, ww] = [6, 5];
  const flat = g.op('flat', 'Reshape', [h, ints('flat/shape', [-1, hh * ww * 24])], { T: float });
  h = g.op('unflat', 'Reshape', [flat, ints('unflat/shape', [-1, hh, ww, 24])], { T: float });
  const top = fused('top', '_FusedConv2D', h, [3, 3, 24, 8], 'Relu');
  h = g.op('sum', 'AddN', [top, g.op('maxed', 'Maximum', [top, c('floor', [8])], { T: float }), top], {
    N: attr.i(3),
    T: float,
  });
  const pooled = g.op('gap', 'Mean', [h, ints('gap/axes', [1, 2])], { T: float, keep_dims: attr.b(false) });
  g.fusedMatMul('logits', pooled, c('fc/w', [8, 5]), c('fc/b', [5]), undefined);
  const model = g.load();
  tf.dispose(held);
  return model;
}
