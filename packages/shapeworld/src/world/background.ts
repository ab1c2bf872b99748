import type { Random } from './random';

/**
 * A textured backdrop, float RGB in [0, 255]: a dark-to-mid grey with a slight tint, a linear
 * shading ramp, blotchy value noise on an 8-pixel lattice and per-pixel grain. Kept desaturated
 * and no brighter than mid grey so that every object colour stands out from it, but never flat, so
 * a model cannot find objects by looking for "anything not constant".
 */
export function texturedBackground(width: number, height: number, rng: Random): Float32Array {
  const out = new Float32Array(width * height * 3);
  const base = rng.uniform(55, 120);
  const tint = [rng.uniform(-10, 10), rng.uniform(-10, 10), rng.uniform(-10, 10)];
  const angle = rng.uniform(0, 2 * Math.PI);
  const ramp = rng.uniform(0, 14);
  const rampX = (Math.cos(angle) * ramp) / Math.max(width, height);
  const rampY = (Math.sin(angle) * ramp) / Math.max(width, height);
  const cell = 8;
  const gridW = Math.ceil(width / cell) + 1;
  const gridH = Math.ceil(height / cell) + 1;
  const blotches = new Float32Array(gridW * gridH);
  const blotchAmplitude = rng.uniform(4, 14);
  for (let i = 0; i < blotches.length; i++) blotches[i] = rng.gaussian() * blotchAmplitude;
  const grain = rng.uniform(2, 6);

  // Lattice cell and weight of every column, computed once rather than per pixel.
  const columnCell = new Int32Array(width);
  const columnWeight = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    columnCell[x] = Math.floor(x / cell);
    columnWeight[x] = x / cell - columnCell[x];
  }
  // Two uniforms make a triangular variate of standard deviation 1/sqrt(6): scaled to 1 here.
  const grainScale = grain * Math.sqrt(6);
  for (let y = 0; y < height; y++) {
    const iy = Math.floor(y / cell);
    const fy = y / cell - iy;
    const top = iy * gridW;
    const bottom = top + gridW;
    const rowLevel = base + (y - height / 2) * rampY * 2;
    for (let x = 0; x < width; x++) {
      const ix = columnCell[x];
      const fx = columnWeight[x];
      const blotch =
        (blotches[top + ix] * (1 - fx) + blotches[top + ix + 1] * fx) * (1 - fy) +
        (blotches[bottom + ix] * (1 - fx) + blotches[bottom + ix + 1] * fx) * fy;
      // The same grain on all three channels: luminance noise, no coloured speckles.
      const level =
        rowLevel + blotch + (x - width / 2) * rampX * 2 + (rng.next() + rng.next() - 1) * grainScale;
      const p = (y * width + x) * 3;
      out[p] = level + tint[0];
      out[p + 1] = level + tint[1];
      out[p + 2] = level + tint[2];
    }
  }
  return out;
}
