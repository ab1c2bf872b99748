import { GradcamError, seededGaussian, seededUniform } from '@gradcam/core';
import { decodeImage, PRESETS, type PresetName, type RgbImage, toTensor } from '@gradcam/render';
import type * as tf from '@tensorflow/tfjs-core';
import type { ImageInputSpec } from '../model/input-spec';

export interface SampleInput {
  input: tf.Tensor4D;
  /** `image.png (48x40)` or `seeded noise 32x32 (seed 1)`. */
  description: string;
}

/**
 * What `gradcam check` feeds the model: an image file, or seeded noise around mid-grey at the
 * model's input size, normalised by the preset like any picture. Gradients are checked, not
 * predictions, so any input that reaches the layers' usual range will do.
 */
export async function sampleInput(
  spec: ImageInputSpec,
  options: { image?: string; seed: number; preset: PresetName },
): Promise<SampleInput> {
  if (options.image) {
    const image = await decodeImage(options.image);
    const size: [number, number] = [spec.height ?? image.height, spec.width ?? image.width];
    return {
      input: toTensor(image, { ...PRESETS[options.preset], size, grayscale: spec.channels === 1 }),
      description: `${options.image} (${image.width}x${image.height})`,
    };
  }
  const { height, width } = spec;
  if (height === null || width === null) {
    throw new GradcamError(
      `the model's input '${spec.name}' does not declare its height and width: pass --image to check on a picture`,
    );
  }
  const image = noisePicture(width, height, options.seed);
  return {
    input: toTensor(image, { ...PRESETS[options.preset], grayscale: spec.channels === 1 }),
    description: `seeded noise ${width}x${height} (seed ${options.seed})`,
  };
}

function noisePicture(width: number, height: number, seed: number): RgbImage {
  const normal = seededGaussian(seededUniform(seed));
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(128 + 50 * normal())));
  return { data, width, height, channels: 3 };
}
