import { type ColormapName, colormap } from './colormaps';
import { f32, truncateToByte, unitToByte } from './float32';
import type { MapData, RgbImage } from './types';
import { assertImage, assertMap } from './validate';

export interface OverlayOptions {
  /** Colormap of the heat layer (default `jet`). */
  colormap?: ColormapName | string;
  /** Share of the image in the blend, in [0,1] (default 0.5). */
  imageWeight?: number;
}

/**
 * Blends a colour-mapped map over an image exactly as pytorch-grad-cam's `show_cam_on_image`
 * (with use_rgb=True) does, in float32:
 *   heat = colormap(uint8(255 * map)) / 255
 *   cam  = (1 - imageWeight) * heat + imageWeight * image / 255
 *   out  = uint8(255 * cam / max(cam))
 * The division by the maximum brightens the whole result, as in the reference. An alpha channel
 * is ignored and the result is RGB.
 */
export function overlayHeatmap(image: RgbImage, map: MapData, options: OverlayOptions = {}): RgbImage {
  assertImage(image);
  assertMap(map);
  const imageWeight = options.imageWeight ?? 0.5;
  if (!(imageWeight >= 0 && imageWeight <= 1)) {
    throw new Error(`imageWeight must be in [0, 1], got ${imageWeight}`);
  }
  if (map.width !== image.width || map.height !== image.height) {
    throw new Error(
      `map is ${map.width}x${map.height} but the image is ${image.width}x${image.height} (width x height); ` +
        `resize the map first, e.g. resizeMap(map, ${image.width}, ${image.height})`,
    );
  }
  const lut = colormap(options.colormap ?? 'jet');
  // numpy casts the Python float weights to float32 before the array products.
  const heatWeight = f32(1 - imageWeight);
  const weight = f32(imageWeight);
  const pixels = map.width * map.height;
  const cam = new Float32Array(pixels * 3);
  let max = 0;
  for (let p = 0; p < pixels; p++) {
    const entry = unitToByte(map.data[p]) * 3;
    for (let c = 0; c < 3; c++) {
      const heat = f32(lut[entry + c] / 255);
      const img = f32(image.data[p * image.channels + c] / 255);
      const v = f32(f32(heatWeight * heat) + f32(weight * img));
      cam[p * 3 + c] = v;
      if (v > max) max = v;
    }
  }
  const out = new Uint8Array(pixels * 3);
  // Only a black image under an all-black colormap entry has max 0; numpy would divide by zero.
  if (max > 0) {
    for (let i = 0; i < cam.length; i++) out[i] = truncateToByte(f32(255 * f32(cam[i] / max)));
  }
  return { data: out, width: image.width, height: image.height, channels: 3 };
}
