import type { MapData } from '@gradcam/core';
import { deprocessGuided, encodePng, overlayHeatmap, type RgbImage } from '@gradcam/render';

/** A map over the image as PNG bytes, the form the report takes. */
export function overlayPng(image: RgbImage, map: MapData, colormap: string): Promise<Uint8Array> {
  return encodePng(overlayHeatmap(image, map, { colormap }));
}

/** Guided backpropagation (or Guided Grad-CAM) gradients as a viewable PNG, as the files show them. */
export function guidedPng(gradients: MapData & { channels: number }): Promise<Uint8Array> {
  return encodePng(deprocessGuided(gradients.data, gradients.width, gradients.height, gradients.channels));
}
