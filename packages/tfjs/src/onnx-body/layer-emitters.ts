import type { TensorRef } from '../layers/graph-view';
import type { BodyGraph, Constant, Value } from './body-graph';
import {
  type Activation,
  activation,
  batchNorm,
  concat,
  dense,
  flatten,
  reduce,
  reshape,
} from './channel-ops';
import { kerasActivation } from './layer-activation';
import { conv, type Extent, type Pair, pad, pool, resize } from './spatial-ops';
import { unsupported } from './unsupported';

type Config = Record<string, any>;

const pair = (v: number | number[]): Pair => (Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [v, v]);
const IDENTITY = new Set([
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
]);

/** A layer's weights in TF.js layout, in the order the layer declares them. */
function weights(ref: TensorRef): Constant[] {
  return ref.layer!.weights.map((w) => ({
    data: w.read().dataSync() as Float32Array,
    shape: w.shape as number[],
  }));
}

const extentOf = (ref: TensorRef): Extent => [ref.inputs[0].shape[1] ?? null, ref.inputs[0].shape[2] ?? null];

/** One Keras layer call as ONNX nodes over its (already exported) inputs. */
export function emitLayer(g: BodyGraph, ref: TensorRef, args: Value[]): Value {
  const layer = ref.layer!;
  const kind = layer.getClassName();
  const config = layer.getConfig() as Config;
  const [x] = args;
  if (config.dataFormat === 'channelsFirst') unsupported(`channels-first layer '${ref.name}'`);
  if (IDENTITY.has(kind)) return x;
  const act = activationLayer(ref, kind, config);
  if (act) return activation(g, x, act);
  if (kind in MERGES) return merge(g, kind as keyof typeof MERGES, args);
  switch (kind) {
    case 'Conv2D':
    case 'DepthwiseConv2D':
    case 'SeparableConv2D':
      return convolution(g, ref, kind, config, x);
    case 'Dense': {
      const [kernel, bias] = weights(ref);
      return activation(
        g,
        dense(g, x, kernel, config.useBias ? bias.data : undefined),
        kerasActivation(config.activation, ref.name),
      );
    }
    case 'BatchNormalization':
      return batchNormLayer(g, ref, config, x);
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return pool(g, x, {
        kind: kind === 'MaxPooling2D' ? 'max' : 'avg',
        size: pair(config.poolSize),
        strides: pair(config.strides ?? config.poolSize),
        padding: config.padding,
        extent: extentOf(ref),
      });
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      return reduce(g, x, kind === 'GlobalMaxPooling2D' ? 'max' : 'mean', [1, 2], config.keepDims === true);
    case 'Concatenate':
      return concat(g, args, config.axis ?? -1);
    case 'ZeroPadding2D': {
      const [[t, b], [l, r]] = config.padding as [Pair, Pair];
      return pad(
        g,
        x,
        [
          [0, 0],
          [t, b],
          [l, r],
          [0, 0],
        ],
        'constant',
      );
    }
    case 'UpSampling2D':
      return upSampling(g, ref, config, x);
    case 'Rescaling': {
      const scaled = g.binary('Mul', x, { data: Float32Array.of(config.scale), shape: [] });
      return g.binary('Add', scaled, { data: Float32Array.of(config.offset), shape: [] });
    }
    case 'Reshape':
      return reshape(g, x, [-1, ...(config.targetShape as number[])]);
    case 'Flatten':
      return flatten(g, x);
    default:
      return unsupported(`layer '${ref.name}' (${kind})`);
  }
}

function convolution(g: BodyGraph, ref: TensorRef, kind: string, config: Config, x: Value): Value {
  if (config.padding === 'causal') unsupported(`causal padding of layer '${ref.name}'`);
  const w = weights(ref);
  const window = {
    strides: pair(config.strides),
    dilations: pair(config.dilationRate ?? 1),
    padding: config.padding as 'same' | 'valid',
    extent: extentOf(ref),
  };
  let h: Value;
  if (kind === 'SeparableConv2D') {
    const spatial = conv(g, x, { ...window, kernel: w[0], depthwise: true });
    h = conv(g, spatial, {
      kernel: w[1],
      bias: config.useBias ? w[2].data : undefined,
      strides: [1, 1],
      dilations: [1, 1],
      padding: 'valid',
      extent: [null, null],
      depthwise: false,
    });
  } else {
    h = conv(g, x, {
      ...window,
      kernel: w[0],
      bias: config.useBias ? w[1].data : undefined,
      depthwise: kind === 'DepthwiseConv2D',
    });
  }
  return activation(g, h, kerasActivation(config.activation, ref.name));
}

function batchNormLayer(g: BodyGraph, ref: TensorRef, config: Config, x: Value): Value {
  const axis = config.axis < 0 ? config.axis + x.rank : config.axis;
  if (axis !== x.rank - 1) unsupported(`batch norm over axis ${config.axis} in layer '${ref.name}'`);
  const w = weights(ref);
  let i = 0;
  const gamma = config.scale ? w[i++].data : undefined;
  const beta = config.center ? w[i++].data : undefined;
  return batchNorm(g, x, { gamma, beta, mean: w[i].data, variance: w[i + 1].data, epsilon: config.epsilon });
}

function upSampling(g: BodyGraph, ref: TensorRef, config: Config, x: Value): Value {
  const [h, w] = extentOf(ref);
  if (h === null || w === null) unsupported(`upsampling of an input of unknown size in layer '${ref.name}'`);
  const [sh, sw] = pair(config.size);
  const method = config.interpolation === 'bilinear' ? 'bilinear' : 'nearest';
  return resize(g, x, { method, alignCorners: false, halfPixelCenters: false, size: [h * sh, w * sw] });
}

/** Layers that are one activation: its spec, or undefined for other layers. */
function activationLayer(ref: TensorRef, kind: string, config: Config): Activation | undefined {
  switch (kind) {
    case 'Activation':
      return kerasActivation(config.activation, ref.name);
    case 'ReLU':
      return config.maxValue == null ? { kind: 'relu' } : { kind: 'clip', min: 0, max: config.maxValue };
    case 'LeakyReLU':
      return { kind: 'leakyRelu', alpha: config.alpha };
    case 'ELU':
      return { kind: 'elu', alpha: config.alpha };
    case 'PReLU':
      return { kind: 'prelu', alpha: weights(ref)[0] };
    default:
      return undefined;
  }
}

const MERGES = { Add: 'Add', Average: 'Add', Maximum: 'Max', Minimum: 'Min', Multiply: 'Mul' } as const;

/** Keras merge layers, folded left to right as TF.js folds them (Average: the sum times 1/n). */
function merge(g: BodyGraph, kind: keyof typeof MERGES, args: Value[]): Value {
  const folded = args.slice(1).reduce((acc, a) => g.binary(MERGES[kind], acc, a), args[0]);
  return kind === 'Average'
    ? g.binary('Mul', folded, { data: Float32Array.of(1 / args.length), shape: [] })
    : folded;
}
