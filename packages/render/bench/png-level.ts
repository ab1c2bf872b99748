// PNG encoding of a heatmap overlay at zlib level 3 (encodePng) vs sharp's default 6: time and
// size, interleaved rounds, medians. Run: pnpm --filter @gradcam/render bench
import { seededUniform } from '@gradcam/core';
import sharp from 'sharp';
import { encodePng, overlayHeatmap, type RgbImage } from '../src';

const [width, height] = [640, 480];
const uniform = seededUniform(3);
const photo: RgbImage = { data: new Uint8Array(width * height * 3), width, height, channels: 3 };
for (let y = 0; y < height; y++)
  for (let x = 0; x < width; x++)
    for (let c = 0; c < 3; c++)
      photo.data[(y * width + x) * 3 + c] = Math.round(
        127 + 90 * Math.sin(x / (30 + 10 * c) + y / 50) + 10 * uniform(),
      );
const map = Float32Array.from({ length: width * height }, (_, i) => {
  const [x, y] = [i % width, Math.floor(i / width)];
  return Math.exp(-((x - 400) ** 2 + (y - 200) ** 2) / 8000);
});
const overlay = overlayHeatmap(photo, { data: map, width, height });
const raw = { raw: { width, height, channels: overlay.channels } } as const;

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = { level3: [] as number[], level6: [] as number[] };
const sizes = { level3: 0, level6: 0 };
for (let round = 0; round < 15; round++) {
  let t0 = performance.now();
  sizes.level3 = (await encodePng(overlay)).length;
  times.level3.push(performance.now() - t0);
  t0 = performance.now();
  sizes.level6 = (await sharp(Buffer.from(overlay.data), raw).png().toBuffer()).length;
  times.level6.push(performance.now() - t0);
}
const [t3, t6] = [median(times.level3), median(times.level6)];
console.log(
  `640x480 overlay PNG: level 3 ${t3.toFixed(1)} ms (${sizes.level3} B), sharp default ${t6.toFixed(1)} ms (${sizes.level6} B)`,
);
console.log(
  `encodePng is ${(t6 / t3).toFixed(2)}x faster; its files are ${(sizes.level3 / sizes.level6).toFixed(3)}x the size`,
);
