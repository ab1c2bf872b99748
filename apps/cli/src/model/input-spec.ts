import { GradcamError } from '@gradcam/core';
import { isKnown, shapeText } from './shape-text';

/** A model input as LayersModels and GraphModels both describe it. */
export interface ModelInputInfo {
  name: string;
  shape?: readonly (number | null)[];
}

/**
 * What `gradcam explain` feeds: one NHWC image, RGB or (for a model declaring 1 channel) its luma;
 * a null side takes the image's own size.
 */
export interface ImageInputSpec {
  name: string;
  height: number | null;
  width: number | null;
  channels: 1 | 3;
}

/**
 * Reads the image size from the model's input and checks, before any image is read, that an RGB
 * picture can go in at all: a model that cannot take one fails once, with the reason, rather than
 * on every image.
 */
export function imageInputSpec(inputs: readonly ModelInputInfo[]): ImageInputSpec {
  if (inputs.length !== 1) {
    throw new GradcamError(
      `the model takes ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); gradcam explain feeds it one image`,
    );
  }
  const [{ name, shape }] = inputs;
  // A GraphModel may not declare its input shape: then any NHWC size is tried.
  if (!shape) return { name, height: null, width: null, channels: 3 };
  const wanted =
    'gradcam explain feeds RGB images as [batch, height, width, 3] (NHWC), or grayscale ones as [batch, height, width, 1]';
  if (shape.length !== 4) {
    throw new GradcamError(`the model's input '${name}' is ${shapeText(shape)}, not an image; ${wanted}`);
  }
  const [, height, width, channels] = shape;
  if (isKnown(channels) && channels !== 3 && channels !== 1) {
    // PyTorch-style exports put the channels first; TF.js models take them last.
    const hint = shape[1] === 3 ? ' (it looks channels-first, NCHW)' : '';
    throw new GradcamError(
      `the model's input '${name}' is ${shapeText(shape)}, ${channels}-channel images${hint}; ${wanted}`,
    );
  }
  return {
    name,
    height: isKnown(height) ? height : null,
    width: isKnown(width) ? width : null,
    channels: channels === 1 ? 1 : 3,
  };
}

/**
 * Class targets need scores `[batch, classes]`; said once here when the model declares its
 * output, rather than by the engine on every image.
 */
export function assertClassScores(shape: readonly (number | null)[] | undefined): void {
  if (!shape || shape.length === 2) return;
  throw new GradcamError(
    `the model's output is ${shapeText(shape)}; gradcam explain needs class scores [batch, classes]`,
  );
}
