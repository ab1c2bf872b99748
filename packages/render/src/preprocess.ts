import * as tf from '@tensorflow/tfjs-core';
import type { ChannelValues, Normalization } from './presets';
import { resizeImage } from './resize';
import type { RgbImage } from './types';
import { assertImage } from './validate';

export interface PreprocessOptions extends Normalization {
  /** `[height, width]` to resize to (bilinear), or one number for a square; default the image size. */
  size?: readonly [number, number] | number;
  /** 'NHWC' (TF.js, Keras; the default) or 'NCHW' (PyTorch/ONNX exports). */
  layout?: 'NHWC' | 'NCHW';
  /**
   * One luma channel (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B, as tf.image.rgbToGrayscale)
   * instead of three, for models trained on grayscale pictures; normalised with mean[0], std[0].
   */
  grayscale?: boolean;
}

export interface PreprocessedInput {
  data: Float32Array;
  /** `[1, h, w, 3]` for NHWC, `[1, 3, h, w]` for NCHW (1 instead of 3 when grayscale). */
  shape: [number, number, number, number];
}

function targetSize(size: PreprocessOptions['size'], image: RgbImage): [number, number] {
  if (size === undefined) return [image.height, image.width];
  const [h, w] = typeof size === 'number' ? [size, size] : size;
  for (const v of [h, w]) {
    if (!Number.isInteger(v) || v <= 0) {
      throw new Error(
        `size must be positive integers ([height, width] or one number), got ${JSON.stringify(size)}`,
      );
    }
  }
  return [h, w];
}

function perChannel(values: ChannelValues | undefined, fallback: number, what: string): number[] {
  if (values === undefined) return [fallback, fallback, fallback];
  const list = typeof values === 'number' ? [values, values, values] : [...values];
  if (list.length !== 3 || list.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new Error(`${what} must be a finite number or 3 finite numbers, got ${JSON.stringify(values)}`);
  }
  return list;
}

/**
 * Resizes and normalises an image into a batch of one:
 * out[c] = (pixel[c] * scale - mean[c]) / std[c], with c in the output channel order.
 * An alpha channel is ignored.
 */
export function preprocess(image: RgbImage, options: PreprocessOptions = {}): PreprocessedInput {
  assertImage(image);
  const [height, width] = targetSize(options.size, image);
  const layout = options.layout ?? 'NHWC';
  if (layout !== 'NHWC' && layout !== 'NCHW')
    throw new Error(`layout must be 'NHWC' or 'NCHW', got ${String(layout)}`);
  const order = options.channelOrder ?? 'RGB';
  if (order !== 'RGB' && order !== 'BGR')
    throw new Error(`channelOrder must be 'RGB' or 'BGR', got ${String(order)}`);
  const scale = options.scale ?? 1 / 255;
  if (!Number.isFinite(scale)) throw new Error(`scale must be a finite number, got ${scale}`);
  const mean = perChannel(options.mean, 0, 'mean');
  const std = perChannel(options.std, 1, 'std');
  if (std.some((v) => v === 0)) throw new Error(`std must not contain 0, got ${JSON.stringify(options.std)}`);

  const resized =
    height === image.height && width === image.width ? image : resizeImage(image, width, height);
  const pixels = width * height;
  if (options.grayscale) return grayscaleInput(resized, scale, mean[0], std[0], layout, [height, width]);
  const data = new Float32Array(pixels * 3);
  for (let c = 0; c < 3; c++) {
    const source = order === 'RGB' ? c : 2 - c;
    for (let p = 0; p < pixels; p++) {
      const value = (resized.data[p * resized.channels + source] * scale - mean[c]) / std[c];
      data[layout === 'NHWC' ? p * 3 + c : c * pixels + p] = value;
    }
  }
  return { data, shape: layout === 'NHWC' ? [1, height, width, 3] : [1, 3, height, width] };
}

const LUMA = [0.299, 0.587, 0.114];

function grayscaleInput(
  image: RgbImage,
  scale: number,
  mean: number,
  std: number,
  layout: 'NHWC' | 'NCHW',
  [height, width]: [number, number],
): PreprocessedInput {
  const data = new Float32Array(height * width);
  for (let p = 0; p < data.length; p++) {
    let luma = 0;
    for (let c = 0; c < 3; c++) luma += LUMA[c] * image.data[p * image.channels + c];
    data[p] = (luma * scale - mean) / std;
  }
  return { data, shape: layout === 'NHWC' ? [1, height, width, 1] : [1, 1, height, width] };
}

/** `preprocess` as a float32 tensor; the caller owns it and must dispose it. */
export function toTensor(image: RgbImage, options: PreprocessOptions = {}): tf.Tensor4D {
  const { data, shape } = preprocess(image, options);
  return tf.tensor(data, shape, 'float32') as tf.Tensor4D;
}
