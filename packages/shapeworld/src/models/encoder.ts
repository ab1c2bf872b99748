import * as tfl from '@tensorflow/tfjs-layers';

/** The name of the encoder's last spatial layer: the layer every reference model is explained at. */
export const FEATURES_LAYER = 'features';

export interface EncoderOptions {
  /** Seed of the weight initializers; layer i uses `seed + i`, so one seed fixes every weight. */
  seed: number;
  /** Channels of the five convolutions (default 16, 16, 32, 32, 64). */
  filters?: readonly [number, number, number, number, number];
  /** Prefix for layer names other than `features` (default none). */
  prefix?: string;
}

const DEFAULT_FILTERS = [16, 16, 32, 32, 64] as const;

/**
 * The small CNN every ShapeWorld reference model shares: two 3x3 convolutions, pool, two more,
 * pool, and a last convolution named `features` (a quarter of the input size: 16x16 at 64x64).
 * ReLUs are fused into the convolutions, so `features` is rectified like a VGG conv layer. Small
 * on purpose: it trains in minutes on the WASM backend, and a 16x16 grid is fine enough for
 * Grad-CAM to tell neighbouring objects apart.
 */
export function encoderLayers(input: tfl.SymbolicTensor, options: EncoderOptions): tfl.SymbolicTensor {
  const filters = options.filters ?? DEFAULT_FILTERS;
  const prefix = options.prefix ?? '';
  let layerIndex = 0;
  // No batch normalisation: it trains faster per step but makes a WASM step 2.5x slower (its
  // backward pass is a dozen element-wise kernels at full resolution), which loses overall.
  const conv = (x: tfl.SymbolicTensor, units: number, name: string) =>
    tfl.layers
      .conv2d({
        name,
        filters: units,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.heNormal({ seed: options.seed + layerIndex++ }),
      })
      .apply(x) as tfl.SymbolicTensor;
  const pool = (x: tfl.SymbolicTensor, name: string) =>
    tfl.layers.maxPooling2d({ name, poolSize: 2, strides: 2 }).apply(x) as tfl.SymbolicTensor;

  let x = conv(input, filters[0], `${prefix}conv1a`);
  x = conv(x, filters[1], `${prefix}conv1b`);
  x = pool(x, `${prefix}pool1`);
  x = conv(x, filters[2], `${prefix}conv2a`);
  x = conv(x, filters[3], `${prefix}conv2b`);
  x = pool(x, `${prefix}pool2`);
  return conv(x, filters[4], FEATURES_LAYER);
}

/** The encoder alone as a model from an `inputSize`x`inputSize` RGB image to its features. */
export function buildEncoder(inputSize: number, options: EncoderOptions): tfl.LayersModel {
  const input = tfl.input({ shape: [inputSize, inputSize, 3], name: 'image' });
  return tfl.model({ inputs: input, outputs: encoderLayers(input, options), name: 'encoder' });
}
