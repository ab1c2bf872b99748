import { type Box, localize, type MapData } from '@gradcam/core';

/**
 * The longest side the 15% box is searched at. The map is the bilinear upsampling of a grid of a
 * few dozen cells at most, so a 256-pixel sampling keeps its segments; the box then costs the
 * same on a 1600-pixel photo as on a 256-pixel one (it took 39 ms per image at full size).
 */
export const BOX_SIDE = 256;

/**
 * The paper's 15% box of a map, found on the map sampled (nearest pixel centre) down to at most
 * `side` pixels on its longest side and mapped back to the map's pixels: each sampled pixel stands
 * for the block of pixels it was taken from, so the box is within one block (longest side / side
 * pixels) of the full-resolution one. Maps no larger than `side` are searched as they are.
 */
export function boundedBox(map: MapData, side = BOX_SIDE): Box | null {
  const scale = Math.max(map.width, map.height) / side;
  const found = scale <= 1 ? localize(map) : localize(sampled(map, scale));
  if (!found) return null;
  if (scale <= 1) return { x0: found.x0, y0: found.y0, x1: found.x1, y1: found.y1 };
  const w = Math.max(1, Math.round(map.width / scale));
  const h = Math.max(1, Math.round(map.height / scale));
  const first = (i: number, n: number, full: number) => Math.floor((i * full) / n);
  const last = (i: number, n: number, full: number) =>
    Math.min(full - 1, Math.ceil(((i + 1) * full) / n) - 1);
  return {
    x0: first(found.x0, w, map.width),
    y0: first(found.y0, h, map.height),
    x1: last(found.x1, w, map.width),
    y1: last(found.y1, h, map.height),
  };
}

function sampled(map: MapData, scale: number): MapData {
  const width = Math.max(1, Math.round(map.width / scale));
  const height = Math.max(1, Math.round(map.height / scale));
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(map.height - 1, Math.floor(((y + 0.5) * map.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(map.width - 1, Math.floor(((x + 0.5) * map.width) / width));
      data[y * width + x] = map.data[sy * map.width + sx];
    }
  }
  return { data, width, height };
}
