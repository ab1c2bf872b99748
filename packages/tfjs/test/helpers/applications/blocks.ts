import * as tfl from '@tensorflow/tfjs-layers';

export type ST = tfl.SymbolicTensor;

/**
 * Seeded layer factories in the style of keras.applications, one instance per model, so that
 * every model is the same on every run and names are unique within it.
 */
export class Blocks {
  private seed: number;
  private count = 0;

  constructor(seed: number) {
    this.seed = seed * 1000;
  }

  private next(kind: string): string {
    return `${kind}_${++this.count}`;
  }

  // He initialisation keeps the signal (and so the gradients) near unit scale through ReLUs.
  private he() {
    return tfl.initializers.heNormal({ seed: this.seed++ });
  }

  private normal(mean: number, stddev: number) {
    return tfl.initializers.randomNormal({ mean, stddev, seed: this.seed++ });
  }

  conv(
    x: ST,
    filters: number,
    kernel: number | [number, number],
    o: {
      strides?: number;
      padding?: 'same' | 'valid';
      bias?: boolean;
      activation?: 'relu' | 'linear';
      name?: string;
      biasMean?: number;
      dilation?: number;
    } = {},
  ): ST {
    const useBias = o.bias ?? true;
    return tfl.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides: o.strides ?? 1,
        padding: o.padding ?? 'same',
        dilationRate: o.dilation ?? 1,
        useBias,
        activation: o.activation ?? 'linear',
        kernelInitializer: this.he(),
        ...(useBias ? { biasInitializer: this.normal(o.biasMean ?? 0, 0.1) } : {}),
        name: o.name ?? this.next('conv'),
      })
      .apply(x) as ST;
  }

  depthwise(x: ST, kernel: number, strides = 1, padding: 'same' | 'valid' = 'same'): ST {
    return tfl.layers
      .depthwiseConv2d({
        kernelSize: kernel,
        strides,
        padding,
        useBias: false,
        depthwiseInitializer: this.he(),
        name: this.next('depthwise'),
      })
      .apply(x) as ST;
  }

  /** Keras' SeparableConv2D (depthwise then 1x1), without bias as Xception and DeepLab use it. */
  separable(x: ST, filters: number, kernel: number, dilation = 1): ST {
    return tfl.layers
      .separableConv2d({
        filters,
        kernelSize: kernel,
        padding: 'same',
        dilationRate: dilation,
        useBias: false,
        depthwiseInitializer: this.he(),
        pointwiseInitializer: this.he(),
        name: this.next('separable'),
      })
      .apply(x) as ST;
  }

  /** Inference-mode batch norm with moving statistics that do not match the data, as after training. */
  bn(x: ST, scale = true): ST {
    return tfl.layers
      .batchNormalization({
        scale,
        center: true,
        epsilon: 1e-3,
        movingMeanInitializer: this.normal(0, 0.2),
        movingVarianceInitializer: tfl.initializers.randomUniform({
          minval: 0.5,
          maxval: 1.5,
          seed: this.seed++,
        }),
        betaInitializer: this.normal(0, 0.2),
        ...(scale ? { gammaInitializer: this.normal(1, 0.2) } : {}),
        name: this.next('bn'),
      })
      .apply(x) as ST;
  }

  relu(x: ST, maxValue?: number): ST {
    return tfl.layers.reLU({ maxValue, name: this.next(maxValue ? 'relu6' : 'relu') }).apply(x) as ST;
  }

  /** Keras' hard sigmoid of MobileNetV3: relu6(x + 3) / 6, written as min(max(x/6 + 1/2, 0), 1). */
  hardSigmoid(x: ST): ST {
    const shifted = tfl.layers.rescaling({ scale: 1 / 6, offset: 0.5, name: this.next('hs_scale') }).apply(x);
    return tfl.layers.reLU({ maxValue: 1, name: this.next('hard_sigmoid') }).apply(shifted) as ST;
  }

  hardSwish(x: ST): ST {
    return this.multiply([x, this.hardSigmoid(x)]);
  }

  multiply(xs: ST[]): ST {
    return tfl.layers.multiply({ name: this.next('multiply') }).apply(xs) as ST;
  }

  add(xs: ST[]): ST {
    return tfl.layers.add({ name: this.next('add') }).apply(xs) as ST;
  }

  concat(xs: ST[]): ST {
    return tfl.layers.concatenate({ axis: -1, name: this.next('mixed') }).apply(xs) as ST;
  }

  maxPool(x: ST, size: number, strides: number, padding: 'same' | 'valid' = 'valid'): ST {
    return tfl.layers
      .maxPooling2d({ poolSize: size, strides, padding, name: this.next('max_pool') })
      .apply(x) as ST;
  }

  avgPool(x: ST, size: number, strides: number, padding: 'same' | 'valid' = 'valid'): ST {
    return tfl.layers
      .averagePooling2d({ poolSize: size, strides, padding, name: this.next('avg_pool') })
      .apply(x) as ST;
  }

  zeroPad(x: ST, pad: number): ST {
    return tfl.layers.zeroPadding2d({ padding: pad, name: this.next('pad') }).apply(x) as ST;
  }

  globalAvgPool(x: ST): ST {
    return tfl.layers.globalAveragePooling2d({ name: this.next('gap') }).apply(x) as ST;
  }

  reshape(x: ST, shape: number[]): ST {
    return tfl.layers.reshape({ targetShape: shape, name: this.next('reshape') }).apply(x) as ST;
  }

  /** The classifier of keras.applications: Dense with softmax (the adapter scores its logits). */
  classifier(x: ST, classes: number): ST {
    return tfl.layers
      .dense({
        units: classes,
        activation: 'softmax',
        kernelInitializer: this.he(),
        biasInitializer: this.normal(0, 0.1),
        name: 'predictions',
      })
      .apply(x) as ST;
  }
}

export function functional(name: string, shape: number[], build: (x: ST) => ST): tfl.LayersModel {
  const x = tfl.input({ shape, name: `${name}_input` });
  return tfl.model({ inputs: x, outputs: build(x), name });
}
