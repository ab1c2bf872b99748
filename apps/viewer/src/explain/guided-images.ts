import { deprocessGuided, type RgbImage } from '@gradcam/render';

type Gradients = { data: Float32Array; width: number; height: number; channels: number };

/** Guided backpropagation and Guided Grad-CAM gradients as images, as the reference shows them. */
export function guidedImages(m: { guided?: Gradients; guidedGradCam?: Gradients }): {
  guided?: RgbImage;
  guidedGradCam?: RgbImage;
} {
  const image = (g: Gradients | undefined) => g && deprocessGuided(g.data, g.width, g.height, g.channels);
  return { guided: image(m.guided), guidedGradCam: image(m.guidedGradCam) };
}
