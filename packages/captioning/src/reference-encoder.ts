import * as tfl from '@tensorflow/tfjs-layers';

export interface ReferenceEncoderOptions {
  /** `[height, width]` of the input images (default 64 x 64). */
  imageSize?: [number, number];
  channels?: number;
  /** Filters of each 3x3 stride-2 ReLU convolution (default 16, 32, 64). */
  filters?: number[];
  seed?: number;
}

/**
 * A small CNN image encoder: 3x3 stride-2 ReLU convolutions, the last one named `features`, whose
 * spatial map is the encoder's output. The decoder pools it (Show and Tell) or attends over it.
 */
export function referenceEncoder(options: ReferenceEncoderOptions = {}): tfl.LayersModel {
  const { imageSize = [64, 64], channels = 3, filters = [16, 32, 64], seed = 1 } = options;
  const input = tfl.input({ shape: [imageSize[0], imageSize[1], channels], name: 'image' });
  let x = input;
  filters.forEach((n, i) => {
    const last = i === filters.length - 1;
    x = tfl.layers
      .conv2d({
        filters: n,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.heNormal({ seed: seed * 100 + i }),
        biasInitializer: tfl.initializers.randomUniform({
          minval: 0,
          maxval: 0.1,
          seed: seed * 100 + 50 + i,
        }),
        name: last ? 'features' : `conv${i + 1}`,
      })
      .apply(x) as tfl.SymbolicTensor;
  });
  return tfl.model({ inputs: input, outputs: x, name: 'encoder' });
}
