import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { AnyGraphModel } from '../../src/graph/graph-access';
import { attr, GraphModelBuilder } from './graph-model-builder';

type Layer = tfl.LayersModel['layers'][number];
type Config = Record<string, any>;

const float = { type: 'DT_FLOAT' };
const pair = (v: number | number[]): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [v, v]);
const windowAttrs = (strides: number | number[], padding: string) => ({
  T: float,
  strides: attr.ints([1, ...pair(strides), 1]),
  padding: attr.s(padding.toUpperCase()),
  data_format: attr.s('NHWC'),
});

/**
 * A flat LayersModel written as the frozen graph tensorflowjs_converter makes of a Keras model
 * (Conv2D/_FusedConv2D, DepthwiseConv2dNative, FusedBatchNormV3, Relu/Relu6, Pad, MaxPool, AvgPool,
 * ConcatV2, AddV2, Mul, Mean, MatMul, Softmax), with the same weights, loaded through the
 * converter's own loader. Each layer's output is the node named after the layer, so that a cut
 * at a layer name is the same tensor in both models.
 */
export function layersToGraph(model: tfl.LayersModel): AnyGraphModel {
  const g = new GraphModelBuilder();
  const names = new Map<number, string>();
  const constants: tf.Tensor[] = [];
  const constant = (name: string, value: tf.Tensor) => {
    constants.push(value);
    return g.constant(name, value);
  };
  const [input] = model.inputs;
  names.set(input.id, g.placeholder(input.sourceLayer.name, [-1, ...(input.shape.slice(1) as number[])]));
  for (const l of model.layers as Layer[]) {
    if (l.getClassName() === 'InputLayer') continue;
    const node = l.inboundNodes[0];
    const args = node.inputTensors.map((st) => names.get(st.id)!);
    names.set(node.outputTensors[0].id, emit(g, l, l.getConfig() as Config, args, constant));
  }
  const loaded = g.load();
  tf.dispose(constants);
  return loaded;
}

const dilations = (config: Config) => attr.ints([1, ...pair(config.dilationRate ?? 1), 1]);

type Constant = (name: string, value: tf.Tensor) => string;

function emit(g: GraphModelBuilder, l: Layer, config: Config, args: string[], constant: Constant): string {
  const name = l.name;
  const [x] = args;
  const w = l.getWeights();
  switch (l.getClassName()) {
    case 'Conv2D':
    case 'DepthwiseConv2D':
    case 'SeparableConv2D':
      return emitConvolution(g, l, config, x, constant);
    case 'BatchNormalization': {
      let i = 0;
      const channels = w[w.length - 1].shape[0];
      const gamma = config.scale ? w[i++].clone() : tf.ones([channels]);
      const beta = config.center ? w[i++].clone() : tf.zeros([channels]);
      const inputs = [x, constant(`${name}/gamma`, gamma), constant(`${name}/beta`, beta)];
      inputs.push(constant(`${name}/mean`, w[i].clone()), constant(`${name}/variance`, w[i + 1].clone()));
      return g.op(name, 'FusedBatchNormV3', inputs, {
        T: float,
        U: float,
        epsilon: { f: config.epsilon },
        data_format: attr.s('NHWC'),
        is_training: attr.b(false),
      });
    }
    case 'ReLU': {
      if (config.maxValue === undefined || config.maxValue === null) return g.op(name, 'Relu', [x]);
      if (config.maxValue === 6) return g.op(name, 'Relu6', [x]);
      const relu = g.op(`${name}/relu`, 'Relu', [x]);
      return g.op(name, 'Minimum', [relu, constant(`${name}/max`, tf.scalar(config.maxValue))], { T: float });
    }
    case 'Rescaling': {
      const scaled = g.op(`${name}/mul`, 'Mul', [x, constant(`${name}/scale`, tf.scalar(config.scale))], {
        T: float,
      });
      return g.op(name, 'AddV2', [scaled, constant(`${name}/offset`, tf.scalar(config.offset))], {
        T: float,
      });
    }
    case 'ZeroPadding2D': {
      const [[t, b], [left, r]] = config.padding;
      const paddings = tf.tensor2d(
        [
          [0, 0],
          [t, b],
          [left, r],
          [0, 0],
        ],
        [4, 2],
        'int32',
      );
      return g.op(name, 'Pad', [x, constant(`${name}/paddings`, paddings)], { T: float });
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return g.op(name, l.getClassName() === 'MaxPooling2D' ? 'MaxPool' : 'AvgPool', [x], {
        ...windowAttrs(config.strides, config.padding),
        ksize: attr.ints([1, ...pair(config.poolSize), 1]),
      });
    case 'GlobalAveragePooling2D':
      return g.op(name, 'Mean', [x, constant(`${name}/axes`, tf.tensor1d([1, 2], 'int32'))], {
        keep_dims: attr.b(false),
      });
    case 'Reshape':
      return g.op(name, 'Reshape', [
        x,
        constant(`${name}/shape`, tf.tensor1d([-1, ...config.targetShape], 'int32')),
      ]);
    case 'Concatenate':
      return g.op(name, 'ConcatV2', [...args, constant(`${name}/axis`, tf.scalar(3, 'int32'))], {
        N: attr.i(args.length),
        T: float,
      });
    case 'Add':
      return args.length === 2
        ? g.op(name, 'AddV2', args, { T: float })
        : g.op(name, 'AddN', args, { T: float });
    case 'Multiply':
      return g.op(name, 'Mul', args, { T: float });
    case 'Dropout':
      return g.op(name, 'Identity', [x], { T: float });
    case 'Dense': {
      const logits = g.fusedMatMul(
        config.activation === 'softmax' ? `${name}/logits` : name,
        x,
        constant(`${name}/kernel`, w[0].clone()),
        constant(`${name}/bias`, w[1].clone()),
        undefined,
      );
      return config.activation === 'softmax' ? g.op(name, 'Softmax', [logits], { T: float }) : logits;
    }
    default:
      throw new Error(`layersToGraph: layer class '${l.getClassName()}' not written`);
  }
}

/** Convolution layers, as the converter writes them (bias and ReLU fused into the conv node). */
function emitConvolution(
  g: GraphModelBuilder,
  l: Layer,
  config: Config,
  x: string,
  constant: Constant,
): string {
  const name = l.name;
  const w = l.getWeights();
  switch (l.getClassName()) {
    case 'Conv2D':
    case 'DepthwiseConv2D': {
      const depthwise = l.getClassName() === 'DepthwiseConv2D';
      const kernel = constant(`${name}/kernel`, w[0].clone());
      const attrs = { ...windowAttrs(config.strides, config.padding), dilations: dilations(config) };
      const relu = config.activation === 'relu';
      if (config.activation !== 'linear' && !relu)
        throw new Error(`layersToGraph: activation ${config.activation}`);
      if (!config.useBias) {
        const conv = g.op(
          relu ? `${name}/conv` : name,
          depthwise ? 'DepthwiseConv2dNative' : 'Conv2D',
          [x, kernel],
          attrs,
        );
        return relu ? g.op(name, 'Relu', [conv]) : conv;
      }
      const bias = constant(`${name}/bias`, w[1].clone());
      return g.op(name, depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D', [x, kernel, bias], {
        ...attrs,
        num_args: attr.i(1),
        fused_ops: attr.strings(relu ? ['BiasAdd', 'Relu'] : ['BiasAdd']),
      });
    }
    case 'SeparableConv2D': {
      // As the converter writes it: a depthwise conv, then a 1x1 conv with the bias fused.
      const spatial = g.op(
        `${name}/depthwise`,
        'DepthwiseConv2dNative',
        [x, constant(`${name}/depthwise_kernel`, w[0].clone())],
        {
          ...windowAttrs(config.strides, config.padding),
          dilations: dilations(config),
        },
      );
      const pointwise = constant(`${name}/pointwise_kernel`, w[1].clone());
      if (config.useBias || config.activation !== 'linear')
        throw new Error('layersToGraph: SeparableConv2D with bias or activation not written');
      return g.op(name, 'Conv2D', [spatial, pointwise], {
        ...windowAttrs(1, 'valid'),
        dilations: attr.ints([1, 1, 1, 1]),
      });
    }
    default:
      throw new Error(`layersToGraph: '${l.getClassName()}' is not a convolution`);
  }
}
