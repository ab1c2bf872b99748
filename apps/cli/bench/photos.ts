import { join } from 'node:path';
import { seededGaussian, seededUniform } from '@gradcam/core';
import { type RgbImage, writeImage } from '@gradcam/render';

type Rng = () => number;
const uniform = (rng: Rng, low: number, high: number) => low + (high - low) * rng();
const integerBetween = (rng: Rng, low: number, high: number) => low + Math.floor(rng() * (high - low + 1));

/**
 * A photo-like picture: a smooth two-colour gradient, a few soft-edged ellipses in their own
 * colours and sensor noise, so that JPEG decoding and the models see what camera pictures give
 * them (the noise and edges a flat test pattern lacks).
 */
export function photoLike(width: number, height: number, rng: Rng): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const noise = seededGaussian(rng);
  const top = [0, 1, 2].map(() => uniform(rng, 40, 220));
  const bottom = [0, 1, 2].map(() => uniform(rng, 40, 220));
  const blobs = Array.from({ length: integerBetween(rng, 2, 5) }, () => ({
    cx: uniform(rng, 0, width),
    cy: uniform(rng, 0, height),
    rx: uniform(rng, width / 12, width / 4),
    ry: uniform(rng, height / 12, height / 4),
    colour: [0, 1, 2].map(() => uniform(rng, 0, 255)),
  }));
  for (let y = 0; y < height; y++) {
    const t = y / (height - 1);
    for (let x = 0; x < width; x++) {
      const pixel = top.map((c, i) => c * (1 - t) + bottom[i] * t);
      for (const b of blobs) {
        const d = ((x - b.cx) / b.rx) ** 2 + ((y - b.cy) / b.ry) ** 2;
        const alpha = Math.min(1, Math.max(0, (1.2 - d) * 4));
        for (let c = 0; c < 3; c++) pixel[c] = pixel[c] * (1 - alpha) + b.colour[c] * alpha;
      }
      for (let c = 0; c < 3; c++) {
        data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(pixel[c] + 6 * noise())));
      }
    }
  }
  return { data, width, height, channels: 3 };
}

/** Writes `count` seeded photo-like JPEGs of 640x480 into `dir`; returns their paths. */
export async function writePhotos(dir: string, count: number, seed = 1): Promise<string[]> {
  const rng = seededUniform(seed);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `photo-${String(i).padStart(3, '0')}.jpg`);
    await writeImage(path, photoLike(640, 480, rng));
    paths.push(path);
  }
  return paths;
}
