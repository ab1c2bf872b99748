import type { MapData } from '@gradcam/core';
import type { PageLine } from '@gradcam/ocr';
import { resizeMap } from '@gradcam/render';

/** A character's map (over its line) drawn back onto the page: zero outside the line's box. */
export function pageMap(map: MapData, line: PageLine, width: number, height: number): MapData {
  const x0 = Math.max(0, Math.floor(line.box.x));
  const y0 = Math.max(0, Math.floor(line.box.y));
  const x1 = Math.min(width, Math.ceil(line.box.x + line.box.width));
  const y1 = Math.min(height, Math.ceil(line.box.y + line.box.height));
  const local = resizeMap(map, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
  const data = new Float32Array(width * height);
  for (let y = y0; y < y1; y++) {
    data.set(local.data.subarray((y - y0) * local.width, (y - y0 + 1) * local.width), y * width + x0);
  }
  return { data, width, height };
}
