import { f32, unitToByte } from './float32';
import type { RgbImage } from './types';
import { assertSize } from './validate';

/**
 * Turns guided-backpropagation gradients (HWC) into a viewable image as the reference's
 * `deprocess_image` does: standardise over all values, scale to a 0.1 standard deviation around
 * 0.5, clip to [0,1] and truncate to bytes:
 *   x = (x - mean) / (std + 1e-5) * 0.1 + 0.5;  out = uint8(255 * clip(x, 0, 1))
 * The statistics are taken in float64 and rounded to float32 (numpy keeps float32 throughout,
 * which can move a rare byte by one); the per-value steps are float32 like numpy's.
 * One channel is repeated into grey RGB.
 */
export function deprocessGuided(hwc: Float32Array, width: number, height: number, channels = 3): RgbImage {
  assertSize(width, height, 'guided gradients');
  if (channels !== 1 && channels !== 3) {
    throw new Error(`deprocessGuided expects 1 or 3 channels, got ${channels}`);
  }
  if (!(hwc instanceof Float32Array) || hwc.length !== width * height * channels) {
    throw new Error(
      `deprocessGuided expects a Float32Array of ${width}x${height}x${channels} = ${width * height * channels} values, ` +
        `got ${hwc instanceof Float32Array ? hwc.length : typeof hwc}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < hwc.length; i++) sum += hwc[i];
  const mean = f32(sum / hwc.length);
  let squares = 0;
  for (let i = 0; i < hwc.length; i++) {
    const d = f32(hwc[i] - mean);
    squares += d * d;
  }
  const denominator = f32(f32(Math.sqrt(squares / hwc.length)) + 1e-5);
  const tenth = f32(0.1);
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < hwc.length; i++) {
    const x = f32(f32(f32(f32(hwc[i] - mean) / denominator) * tenth) + 0.5);
    const byte = unitToByte(x);
    if (channels === 3) out[i] = byte;
    else out.fill(byte, i * 3, i * 3 + 3);
  }
  return { data: out, width, height, channels: 3 };
}
