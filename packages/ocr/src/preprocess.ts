import { fail } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { OcrImage } from './image';

export interface LineInputOptions {
  /** The model's input height (PP-OCR rec: 48). */
  height?: number;
  /** Narrowest padded width (PP-OCR: 320, i.e. a 6.67:1 line). */
  minWidth?: number;
  /** Widest line, after resizing to `height`; longer lines are refused rather than squeezed. */
  maxWidth?: number;
  /** Squeeze lines wider than this to it instead of refusing them (PP-OCR's angle classifier: 192). */
  fitWidth?: number;
  /** Channel order the model was trained on: PP-OCR reads images with OpenCV, so BGR. */
  channelOrder?: 'rgb' | 'bgr';
}

/** A line prepared for the recogniser, and where its pixels are in the model's input. */
export interface LineInput {
  /** NCHW `[1, 3, height, paddedWidth]`, normalised to [-1, 1], padded right with 0. */
  tensor: tf.Tensor4D;
  /** Width of the resized line inside the padded input; input x / scaleX = line x. */
  resizedWidth: number;
  paddedWidth: number;
  scaleX: number;
  scaleY: number;
}

/**
 * PP-OCR's recognition preprocessing: resize to the model's height keeping the aspect ratio,
 * normalise `(x / 255 - 0.5) / 0.5`, pad the width with zeros (to a multiple of 8, at least
 * `minWidth`), as `resize_norm_img` does.
 */
export function prepareLine(image: OcrImage, options: LineInputOptions = {}): LineInput {
  const height = options.height ?? 48;
  const minWidth = options.minWidth ?? 320;
  const maxWidth = options.maxWidth ?? 3200;
  if (image.width < 1 || image.height < 1)
    fail(`the text line is empty (${image.width}x${image.height} pixels)`);
  const natural = Math.max(1, Math.ceil((height * image.width) / image.height));
  const resizedWidth = options.fitWidth ? Math.min(natural, options.fitWidth) : natural;
  if (resizedWidth > maxWidth) {
    fail(
      `the text line is ${image.width}x${image.height} pixels, ${resizedWidth} wide at height ${height}, more than the ${maxWidth} allowed; ` +
        'split it into shorter lines or raise maxWidth',
    );
  }
  const paddedWidth = options.fitWidth ?? Math.max(minWidth, Math.ceil(resizedWidth / 8) * 8);
  const tensor = tf.tidy(() => {
    const pixels = tf.tensor3d(Float32Array.from(image.data), [image.height, image.width, image.channels]);
    let rgb = image.channels === 4 ? pixels.slice([0, 0, 0], [-1, -1, 3]) : pixels;
    if (options.channelOrder !== 'rgb') rgb = tf.reverse(rgb, 2);
    const resized = tf.image.resizeBilinear(rgb as tf.Tensor3D, [height, resizedWidth], false, true);
    const normalised = resized.div(255).sub(0.5).div(0.5);
    const padded = tf.pad(normalised, [
      [0, 0],
      [0, paddedWidth - resizedWidth],
      [0, 0],
    ]);
    return padded.transpose([2, 0, 1]).expandDims(0) as tf.Tensor4D;
  });
  return {
    tensor,
    resizedWidth,
    paddedWidth,
    scaleX: resizedWidth / image.width,
    scaleY: height / image.height,
  };
}
