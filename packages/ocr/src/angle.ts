import type { OnnxExecutor } from '@gradcam/onnx';
import type { OcrImage } from './image';
import { runLine } from './line-model';
import { prepareLine } from './preprocess';

export interface AngleReading {
  /** True when the classifier reads the line as turned by 180 degrees, above `threshold`. */
  upsideDown: boolean;
  /** The classifier's probability of 180 degrees. */
  probability: number;
}

/**
 * PP-OCR's text angle classifier (`[1, 3, 48, 192]` -> probabilities of 0 and 180 degrees), with
 * its preprocessing: the line squeezed into 192 columns when wider, normalised as recognition.
 * PaddleOCR turns a line only above 0.9.
 */
export function readAngle(classifier: OnnxExecutor, image: OcrImage, threshold = 0.9): AngleReading {
  const line = prepareLine(image, { height: 48, fitWidth: 192 });
  let values: Float32Array | Int32Array | Uint8Array;
  try {
    const out = runLine(classifier, line.tensor, classifier.inputs[0].name, classifier.outputs[0].name);
    values = out.dataSync();
    out.dispose();
  } finally {
    line.tensor.dispose();
  }
  const probability = values[1];
  return { upsideDown: probability > threshold, probability };
}

/** The image turned by 180 degrees. */
export function rotate180(image: OcrImage): OcrImage {
  const { width, height, channels } = image;
  const data = new Uint8Array(image.data.length);
  const pixels = width * height;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++) data[(pixels - 1 - p) * channels + c] = image.data[p * channels + c];
  }
  return { data, width, height, channels };
}
