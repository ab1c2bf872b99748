import type { Box } from '@gradcam/core';
import type { RgbImage } from '@gradcam/render';
import { COLOURS, type Colour, PURE_RGB } from './colours';
import { gaussian, integerBetween, type Rng, shuffled, uniform } from './rng';

export type ShapeKind = 'circle' | 'square';

/** One drawn object and its ground truth. */
export interface SceneObject {
  colour: Colour;
  shape: ShapeKind;
  /** Inclusive pixel bounds of the mask. */
  box: Box;
  /** 1 where the object is, row-major `size x size`. */
  mask: Uint8Array;
  /** Pixels in the mask. */
  area: number;
}

export interface Scene {
  size: number;
  image: RgbImage;
  objects: SceneObject[];
}

/** Per-pixel, per-channel noise (in [0,1] units): visible grain, far below the colour contrast. */
const PIXEL_NOISE = 0.03;
/** How far each object's colour may wander from the pure one, per channel. */
const COLOUR_JITTER = 0.06;
/** Object radius as a fraction of the image side. */
const RADIUS_RANGE: [number, number] = [0.09, 0.15];
/** Empty space kept between objects' footprints, as a fraction of the side. */
const GAP = 0.04;

interface Placement {
  cx: number;
  cy: number;
  radius: number;
}

/**
 * A grey noisy square image with 2 or 3 filled circles and squares, each a different one of
 * red/green/blue, at random positions that do not overlap (so every object has a clean mask).
 */
export function drawScene(size: number, rng: Rng): Scene {
  const count = integerBetween(rng, 2, 3);
  const colours = shuffled(rng, COLOURS).slice(0, count);
  const placements = placeApart(size, count, rng);
  const pixels = new Float32Array(size * size * 3);
  const grey = uniform(rng, 0.35, 0.6);
  for (let i = 0; i < pixels.length; i++) pixels[i] = grey + gaussian(rng, PIXEL_NOISE);
  const objects = colours.map((colour, i) => {
    const shape: ShapeKind = rng() < 0.5 ? 'circle' : 'square';
    const mask = rasterize(shape, placements[i], size);
    const base = PURE_RGB[colour].map((v) => v + uniform(rng, -COLOUR_JITTER, COLOUR_JITTER));
    for (let p = 0; p < mask.length; p++) {
      if (!mask[p]) continue;
      for (let c = 0; c < 3; c++) pixels[p * 3 + c] = base[c] + gaussian(rng, PIXEL_NOISE);
    }
    return { colour, shape, mask, ...maskBounds(mask, size) };
  });
  const data = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) data[i] = Math.round(255 * Math.min(1, Math.max(0, pixels[i])));
  return { size, image: { data, width: size, height: size, channels: 3 }, objects };
}

/** Random centres and radii whose square footprints, widened by the gap, do not touch. */
function placeApart(size: number, count: number, rng: Rng): Placement[] {
  const gap = Math.max(2, GAP * size);
  const margin = 2;
  for (;;) {
    const placed: Placement[] = [];
    for (let attempt = 0; attempt < 500 && placed.length < count; attempt++) {
      const radius = Math.max(3, uniform(rng, RADIUS_RANGE[0], RADIUS_RANGE[1]) * size);
      const candidate = {
        radius,
        cx: uniform(rng, radius + margin, size - radius - margin),
        cy: uniform(rng, radius + margin, size - radius - margin),
      };
      const clear = placed.every(
        (p) =>
          Math.abs(p.cx - candidate.cx) >= p.radius + radius + gap ||
          Math.abs(p.cy - candidate.cy) >= p.radius + radius + gap,
      );
      if (clear) placed.push(candidate);
    }
    // Rarely the first objects leave no room for the last: start the layout again.
    if (placed.length === count) return placed;
  }
}

function rasterize(shape: ShapeKind, { cx, cy, radius }: Placement, size: number): Uint8Array {
  // A square of the same area as the circle, so that neither shape is systematically easier.
  const half = (radius * Math.sqrt(Math.PI)) / 2;
  const mask = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Pixel centres sit at +0.5.
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const inside =
        shape === 'circle'
          ? dx * dx + dy * dy <= radius * radius
          : Math.abs(dx) <= half && Math.abs(dy) <= half;
      if (inside) mask[y * size + x] = 1;
    }
  }
  return mask;
}

function maskBounds(mask: Uint8Array, size: number): { box: Box; area: number } {
  const box = { x0: size, y0: size, x1: -1, y1: -1 };
  let area = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const x = p % size;
    const y = (p - x) / size;
    area++;
    box.x0 = Math.min(box.x0, x);
    box.x1 = Math.max(box.x1, x);
    box.y0 = Math.min(box.y0, y);
    box.y1 = Math.max(box.y1, y);
  }
  return { box, area };
}
