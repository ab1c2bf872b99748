import * as tf from '@tensorflow/tfjs-core';
import type { OcrImage } from './image';

export interface DetectionInput {
  /** NCHW `[1, 3, h, w]`, h and w multiples of 32. */
  tensor: tf.Tensor4D;
  /** Input pixels per image pixel, per axis. */
  scaleX: number;
  scaleY: number;
}

/**
 * PP-OCR det preprocessing (`DetResizeForTest`, `limit_type: max`): the longer side at most
 * `maxSide`, both sides rounded to multiples of 32; ImageNet mean and std applied in BGR order as
 * PaddleOCR does on OpenCV's images.
 */
export function prepareDetection(image: OcrImage, maxSide = 960): DetectionInput {
  const ratio =
    Math.max(image.width, image.height) > maxSide ? maxSide / Math.max(image.width, image.height) : 1;
  const h = Math.max(32, Math.round((image.height * ratio) / 32) * 32);
  const w = Math.max(32, Math.round((image.width * ratio) / 32) * 32);
  const tensor = tf.tidy(() => {
    const pixels = tf.tensor3d(Float32Array.from(image.data), [image.height, image.width, image.channels]);
    const rgb = image.channels === 4 ? pixels.slice([0, 0, 0], [-1, -1, 3]) : pixels;
    const bgr = tf.reverse(rgb, 2) as tf.Tensor3D;
    const resized = tf.image.resizeBilinear(bgr, [h, w], false, true);
    const normalised = resized.div(255).sub([0.485, 0.456, 0.406]).div([0.229, 0.224, 0.225]);
    return normalised.transpose([2, 0, 1]).expandDims(0) as tf.Tensor4D;
  });
  return { tensor, scaleX: w / image.width, scaleY: h / image.height };
}
