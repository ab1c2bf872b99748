import { fail } from './errors';
import type { MapData } from './types';

export interface Box {
  /** Inclusive pixel bounds. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface LocalizeOptions {
  /** Fraction of the map's maximum that a pixel must reach (the paper: 0.15). */
  threshold?: number;
  /** 8-connected (default) or 4-connected segments. */
  connectivity?: 4 | 8;
}

/**
 * The paper's weakly supervised localization: threshold the map at 15% of its maximum, keep the
 * largest connected segment, return its bounding box (null for an all-zero map).
 */
export function localize(map: MapData, options: LocalizeOptions = {}): (Box & { area: number }) | null {
  const threshold = options.threshold ?? 0.15;
  const connectivity = options.connectivity ?? 8;
  if (!(threshold >= 0 && threshold <= 1)) fail(`threshold must be in [0, 1], got ${threshold}`);
  const { data, width, height } = map;
  if (data.length !== width * height) fail(`map data has ${data.length} values, expected ${width}x${height}`);
  let max = Number.NEGATIVE_INFINITY;
  for (const v of data) if (v > max) max = v;
  if (!(max > 0)) return null;
  const cut = threshold * max;
  const label = new Int32Array(width * height).fill(-1);
  const stack: number[] = [];
  let best: (Box & { area: number }) | null = null;
  for (let start = 0; start < data.length; start++) {
    if (label[start] !== -1 || data[start] < cut) continue;
    const box = { x0: width, y0: height, x1: -1, y1: -1, area: 0 };
    label[start] = start;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      box.area++;
      box.x0 = Math.min(box.x0, x);
      box.x1 = Math.max(box.x1, x);
      box.y0 = Math.min(box.y0, y);
      box.y1 = Math.max(box.y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if ((dx === 0 && dy === 0) || (connectivity === 4 && dx !== 0 && dy !== 0)) continue;
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (label[q] === -1 && data[q] >= cut) {
            label[q] = start;
            stack.push(q);
          }
        }
      }
    }
    if (!best || box.area > best.area) best = box;
  }
  return best;
}

/** Intersection over union of two inclusive pixel boxes. */
export function boxIoU(a: Box, b: Box): number {
  const iw = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) + 1;
  const ih = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1;
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const area = (r: Box) => (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);
  return inter / (area(a) + area(b) - inter);
}
