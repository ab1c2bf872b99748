import * as tfl from '@tensorflow/tfjs-layers';

/** The name of the encoder's last spatial layer: the layer every reference model is explained at. */
export const FEATURES_LAYER = 'features';

/** A 3x3 'same' convolution with ReLU (`conv` channels), or a 2x2 max pooling. */
export type EncoderStep = { conv: number; name: string } | { pool: string };

/** conv(16)-conv(16) @64, pool, conv(32)-conv(32) @32, pool, conv(64) @16 = `features`. */
export const ENCODER_LAYOUT: readonly EncoderStep[] = [
  { conv: 16, name: 'conv1a' },
  { conv: 16, name: 'conv1b' },
  { pool: 'pool1' },
  { conv: 32, name: 'conv2a' },
  { conv: 32, name: 'conv2b' },
  { pool: 'pool2' },
  { conv: 64, name: FEATURES_LAYER },
];

export interface EncoderOptions {
  /** Seed of the weight initializers; convolution i uses `seed + i`, so one seed fixes every weight. */
  seed: number;
  /** The layers (default ENCODER_LAYOUT); the last must be a convolution, named `features`. */
  layout?: readonly EncoderStep[];
  /** Prefix for layer names other than `features` (default none). */
  prefix?: string;
}

/**
 * The small CNN every ShapeWorld reference model shares, ending in a convolution named
 * `features` at a quarter of the input size (16x16 at 64x64). ReLUs are fused into the
 * convolutions, so `features` is rectified like a VGG conv layer. Small on purpose: the
 * classifier trains in about five minutes on WASM, and a 16x16 grid still tells neighbouring
 * objects apart. Variants measured and dropped (pointing game, strict, top class): two
 * convolutions at 16x16 (0.48), average instead of max pooling (0.53), an 8x8 grid (0.76 but
 * coarser maps), this layout (0.67, and the best within 1-4 pixels).
 */
export function encoderLayers(input: tfl.SymbolicTensor, options: EncoderOptions): tfl.SymbolicTensor {
  const layout = options.layout ?? ENCODER_LAYOUT;
  const last = layout.at(-1);
  if (!last || !('conv' in last)) throw new Error('an encoder layout must end with a convolution');
  const prefix = options.prefix ?? '';
  let convIndex = 0;
  let x = input;
  layout.forEach((step, i) => {
    if ('pool' in step) {
      x = tfl.layers
        .maxPooling2d({ name: prefix + step.pool, poolSize: 2, strides: 2 })
        .apply(x) as tfl.SymbolicTensor;
      return;
    }
    // No batch normalisation: it trains faster per step but makes a WASM step 2.5x slower (its
    // backward pass is a dozen element-wise kernels at full resolution), which loses overall.
    x = tfl.layers
      .conv2d({
        name: i === layout.length - 1 ? FEATURES_LAYER : prefix + step.name,
        filters: step.conv,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.heNormal({ seed: options.seed + convIndex++ }),
      })
      .apply(x) as tfl.SymbolicTensor;
  });
  return x;
}

/** The encoder alone as a model from an `inputSize`x`inputSize` RGB image to its features. */
export function buildEncoder(inputSize: number, options: EncoderOptions): tfl.LayersModel {
  const input = tfl.input({ shape: [inputSize, inputSize, 3], name: 'image' });
  return tfl.model({ inputs: input, outputs: encoderLayers(input, options), name: 'encoder' });
}
