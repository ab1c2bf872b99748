import type { MapData } from '@gradcam/core';

/**
 * Guided Grad-CAM is an RGB gradient image; the metrics take one value per pixel. Each pixel's
 * largest absolute channel, scaled to [0, 1]: the usual reduction for pixel-space saliency
 * (Simonyan et al.), and it keeps the map in the range the perturbation metrics need.
 */
export function guidedToMap(guided: MapData & { channels: number }): MapData {
  const { width, height, channels } = guided;
  const data = new Float32Array(width * height);
  let max = 0;
  for (let p = 0; p < data.length; p++) {
    let v = 0;
    for (let c = 0; c < channels; c++) v = Math.max(v, Math.abs(guided.data[p * channels + c]));
    data[p] = v;
    if (v > max) max = v;
  }
  if (max > 0) for (let p = 0; p < data.length; p++) data[p] /= max;
  return { data, width, height };
}
