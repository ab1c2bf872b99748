import { f32 } from './float32';

/**
 * OpenCV's COLORMAP_JET, as `cv2.applyColorMap` draws it, in RGB order.
 *
 * OpenCV tabulates the classic (GNU Octave) jet at the 256 positions x = i/255,
 *   r = clamp(1.5 - |4x - 3|), g = clamp(1.5 - |4x - 2|), b = clamp(1.5 - |4x - 1|),
 * stores those values as float32, re-samples them with its own float32 linear interpolation onto
 * the same 256 positions and converts with `round(255 * v)` (round half to even). Every sloped
 * entry of jet is a tie (255 * v = k + 0.5), so which way a byte goes depends on float32 rounding
 * in those steps; reproducing them is what makes this table equal OpenCV's, entry for entry,
 * where a plain `Math.round(255 * v)` differs in 148 of the 768 bytes.
 */
export function buildJetLut(): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  const centres = [3, 2, 1]; // red, green, blue
  for (let c = 0; c < 3; c++) {
    const control = new Array<number>(256);
    for (let i = 0; i < 256; i++) {
      control[i] = f32(Math.min(1, Math.max(0, 1.5 - Math.abs((4 * i) / 255 - centres[c]))));
    }
    const resampled = resampleLikeOpenCv(control);
    for (let i = 0; i < 256; i++) lut[i * 3 + c] = roundHalfEven(f32(resampled[i] * 255));
  }
  return lut;
}

/**
 * OpenCV's `interp1` of a 256-entry table at its own breakpoints: y[i-1] + dx * dy / dx in float32,
 * which is not always exactly y[i].
 */
function resampleLikeOpenCv(y: number[]): number[] {
  const step = f32(1 / 255);
  const x = (i: number) => f32(i * step);
  const out = [y[0]];
  for (let i = 1; i < y.length; i++) {
    const dx = f32(x(i) - x(i - 1));
    out.push(f32(y[i - 1] + f32(f32(dx * f32(y[i] - y[i - 1])) / dx)));
  }
  return out;
}

/** OpenCV's float-to-uint8 conversion rounds half to even (`cvRound`), then saturates. */
function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const diff = v - floor;
  const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return Math.min(255, Math.max(0, rounded));
}
