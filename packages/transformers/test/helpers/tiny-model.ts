import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyCaptioner } from './tiny/write-tiny-captioner';

/** A fresh folder with the tiny captioner; remove it with `cleanup`. */
export async function tinyModelDir(options: Parameters<typeof writeTinyCaptioner>[1] = {}) {
  const root = await mkdtemp(join(tmpdir(), 'gradcam-tiny-'));
  const dir = await writeTinyCaptioner(join(root, 'tiny-vit-gpt2'), options);
  return { dir, root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Deterministic RGB test pictures: a bright square on a gradient, at a place and in colours that
 * change with `seed`, so that the model writes different captions.
 */
export function testPicture(
  seed = 0,
  width = 40,
  height = 30,
): { data: Uint8Array; width: number; height: number; channels: 3 } {
  const data = new Uint8Array(width * height * 3);
  const x0 = ((seed * 13) % 20) + 2;
  const y0 = ((seed * 7) % 15) + 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const inSquare = x >= x0 && x < x0 + 14 && y >= y0 && y < y0 + 10;
      data[i] = inSquare ? (250 - seed * 40) & 255 : (x * 255) / width;
      data[i + 1] = inSquare ? (40 + seed * 70) & 255 : (y * 255) / height;
      data[i + 2] = inSquare ? 30 : (120 + seed * 50) & 255;
    }
  }
  return { data, width, height, channels: 3 };
}
