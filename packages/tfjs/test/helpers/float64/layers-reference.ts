import type * as tfl from '@tensorflow/tfjs-layers';
import { concatChannels, type F64, f64, map, zip } from './array';
import { convolve, dense, globalAverage, type Padding, pool, zeroPad } from './spatial';

type Layer = tfl.LayersModel['layers'][number];
type Config = Record<string, any>;

/** Adds `offsets[k]` to channel k of one layer's output: the perturbation finite differences take. */
export interface Perturbation {
  layer: string;
  offsets: Float64Array;
}

/** Every layer's output of one evaluation, by the layer's position in the model. */
export interface Trace {
  values: Map<number, F64>;
}

/**
 * A LayersModel evaluated in float64 JavaScript from its layer configs and weights, independently
 * of any TF.js kernel; the output is the logits (a final softmax is left off). It knows the layers
 * keras.applications-style models use and refuses any other.
 */
export class LayersReference {
  private readonly layers: Layer[];
  private readonly weights: Map<string, F64[]>;

  constructor(private readonly model: tfl.LayersModel) {
    this.layers = (model.layers as Layer[]).filter((l) => l.getClassName() !== 'InputLayer');
    this.weights = new Map(this.layers.map((l) => [l.name, l.getWeights().map(toF64)]));
  }

  evaluate(image: F64): Trace {
    return this.run(new Map([[this.model.inputs[0].id, image]]), 0);
  }

  /** The logits with `perturb` applied, recomputing only from the perturbed layer on. */
  logits(trace: Trace, perturb?: Perturbation): F64 {
    if (!perturb) return trace.values.get(this.model.outputs[0].id)!;
    const from = this.layers.findIndex((l) => l.name === perturb.layer);
    if (from < 0) throw new Error(`float64 reference: no layer '${perturb.layer}'`);
    return this.run(new Map(trace.values), from, perturb).values.get(this.model.outputs[0].id)!;
  }

  private run(values: Map<number, F64>, from: number, perturb?: Perturbation): Trace {
    for (const l of this.layers.slice(from)) {
      const node = l.inboundNodes[0];
      const args = node.inputTensors.map((st) => values.get(st.id)!);
      let out = evaluateLayer(l, l.getConfig() as Config, this.weights.get(l.name)!, args);
      if (perturb?.layer === l.name)
        out = zip(out, f64([perturb.offsets.length], perturb.offsets), (a, b) => a + b);
      values.set(node.outputTensors[0].id, out);
    }
    return { values };
  }
}

function toF64(t: { shape: number[]; dataSync(): ArrayLike<number> }): F64 {
  return f64(t.shape.slice(), t.dataSync());
}

const pair = (v: number | number[]): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [v, v]);

function activate(x: F64, activation: string | undefined): F64 {
  if (!activation || activation === 'linear' || activation === 'softmax') return x;
  if (activation === 'relu') return map(x, (v) => Math.max(v, 0));
  throw new Error(`float64 reference: activation '${activation}' not implemented`);
}

function evaluateLayer(l: Layer, config: Config, w: F64[], args: F64[]): F64 {
  const [x] = args;
  switch (l.getClassName()) {
    case 'Conv2D':
    case 'DepthwiseConv2D': {
      const depthwise = l.getClassName() === 'DepthwiseConv2D';
      const dilation = pair(config.dilationRate ?? 1);
      let y = convolve(x, w[0], pair(config.strides), config.padding as Padding, depthwise, dilation);
      if (config.useBias) y = zip(y, w[1], (a, b) => a + b);
      return activate(y, config.activation);
    }
    case 'SeparableConv2D': {
      // Depthwise (dilated, strided) then a 1x1 pointwise convolution, then the bias.
      const dilation = pair(config.dilationRate ?? 1);
      const spatial = convolve(x, w[0], pair(config.strides), config.padding as Padding, true, dilation);
      let y = convolve(spatial, w[1], [1, 1], 'valid', false);
      if (config.useBias) y = zip(y, w[2], (a, b) => a + b);
      return activate(y, config.activation);
    }
    case 'BatchNormalization': {
      let i = 0;
      const gamma = config.scale ? w[i++] : undefined;
      const beta = config.center ? w[i++] : undefined;
      const [mean, variance] = [w[i], w[i + 1]];
      return map(x, (v, c) => {
        const normal = (v - mean.data[c]) / Math.sqrt(variance.data[c] + config.epsilon);
        return normal * (gamma ? gamma.data[c] : 1) + (beta ? beta.data[c] : 0);
      });
    }
    case 'ReLU':
      return map(x, (v) => Math.min(Math.max(v, 0), config.maxValue ?? Number.POSITIVE_INFINITY));
    case 'Activation':
      return activate(x, config.activation);
    case 'Rescaling':
      return map(x, (v) => v * config.scale + config.offset);
    case 'ZeroPadding2D':
      return zeroPad(x, config.padding);
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return pool(
        x,
        pair(config.poolSize),
        pair(config.strides),
        config.padding,
        l.getClassName() === 'MaxPooling2D' ? 'max' : 'avg',
      );
    case 'GlobalAveragePooling2D':
      return globalAverage(x);
    case 'Reshape':
      return f64(config.targetShape, x.data);
    case 'Concatenate':
      return concatChannels(args);
    case 'Add':
      return args.slice(1).reduce((a, b) => zip(a, b, (p, q) => p + q), x);
    case 'Multiply':
      return args
        .slice(1)
        .reduce(
          (a, b) => (b.data.length > a.data.length ? zip(b, a, (p, q) => p * q) : zip(a, b, (p, q) => p * q)),
          x,
        );
    case 'Dense':
      return activate(dense(x, w[0], config.useBias ? w[1] : undefined), config.activation);
    case 'Dropout':
      return x;
    case 'Flatten':
      return f64([x.data.length], x.data);
    default:
      throw new Error(`float64 reference: layer class '${l.getClassName()}' not implemented`);
  }
}
