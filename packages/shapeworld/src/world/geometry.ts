import type { ShapeName } from './palette';

/** Half-width of the cross's arms, as a fraction of its radius: thick enough to read at 12 px. */
const CROSS_ARM = 0.36;
/** Half-side of the square as a fraction of its radius: about the circle's area. */
const SQUARE_HALF = 0.86;

/**
 * Whether the point (dx, dy), relative to the shape's centre in pixels (y down), is inside a shape
 * of radius r. Every shape fits in the square [-r, r]^2, which is what placement keeps apart.
 */
export function insideShape(shape: ShapeName, dx: number, dy: number, r: number): boolean {
  switch (shape) {
    case 'circle':
      return dx * dx + dy * dy <= r * r;
    case 'square':
      return Math.abs(dx) <= SQUARE_HALF * r && Math.abs(dy) <= SQUARE_HALF * r;
    case 'triangle':
      // Apex at the top centre, base along the bottom edge.
      return dy <= r && Math.abs(dx) <= (dy + r) / 2;
    case 'cross': {
      const ax = Math.abs(dx);
      const ay = Math.abs(dy);
      const arm = CROSS_ARM * r;
      return (ax <= r && ay <= arm) || (ax <= arm && ay <= r);
    }
  }
}

/** Pixel coverage of one shape over a window of the image. */
export interface Coverage {
  /** Top-left pixel of the window. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Fraction of each pixel inside the shape, row-major over the window, in [0, 1]. */
  values: Float32Array;
}

/**
 * Anti-aliasing by supersampling: each pixel [px, px+1) x [py, py+1) is sampled on an s x s grid
 * and its coverage is the fraction of samples inside the shape. Only the pixels of the shape's
 * bounding square (clipped to the image) are visited.
 */
export function shapeCoverage(
  shape: ShapeName,
  cx: number,
  cy: number,
  r: number,
  imageWidth: number,
  imageHeight: number,
  samples = 4,
): Coverage {
  const x0 = Math.max(0, Math.floor(cx - r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const x1 = Math.min(imageWidth - 1, Math.ceil(cx + r));
  const y1 = Math.min(imageHeight - 1, Math.ceil(cy + r));
  const width = Math.max(0, x1 - x0 + 1);
  const height = Math.max(0, y1 - y0 + 1);
  const values = new Float32Array(width * height);
  const step = 1 / samples;
  const total = samples * samples;
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      let inside = 0;
      for (let sy = 0; sy < samples; sy++) {
        const dy = y0 + j + (sy + 0.5) * step - cy;
        for (let sx = 0; sx < samples; sx++) {
          if (insideShape(shape, x0 + i + (sx + 0.5) * step - cx, dy, r)) inside++;
        }
      }
      values[j * width + i] = inside / total;
    }
  }
  return { x: x0, y: y0, width, height, values };
}
