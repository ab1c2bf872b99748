import * as tfl from '@tensorflow/tfjs-layers';

export interface SmallEncoderOptions {
  /** Square input size in pixels (default 32). */
  size?: number;
  /** Filters of each 3x3 ReLU convolution; each after the first halves the grid (default [8, 16]). */
  filters?: number[];
  /** Seed of the random weights (default 1). */
  seed?: number;
}

/**
 * A small convolutional image encoder, `[batch, size, size, 3]` -> `[batch, h, w, filters.at(-1)]`,
 * for tests and examples until a trained one exists: any explainable LayersModel may take its place.
 * Layers are named `conv1`, `conv2`, ...; the last one is the default explained layer.
 */
export function smallConvEncoder(options: SmallEncoderOptions = {}): tfl.LayersModel {
  const { size = 32, filters = [8, 16], seed = 1 } = options;
  const input = tfl.input({ shape: [size, size, 3], name: 'image' });
  let x = input;
  filters.forEach((n, i) => {
    x = tfl.layers
      .conv2d({
        filters: n,
        kernelSize: 3,
        strides: i === 0 ? 1 : 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotNormal({ seed: seed * 100 + i }),
        biasInitializer: tfl.initializers.randomUniform({
          minval: 0,
          maxval: 0.1,
          seed: seed * 100 + 50 + i,
        }),
        name: `conv${i + 1}`,
      })
      .apply(x) as tfl.SymbolicTensor;
  });
  return tfl.model({ inputs: input, outputs: x, name: 'image_encoder' });
}
