/**
 * The reference computes in numpy float32 and then truncates to uint8, so a value that lands on
 * 127.99999 in float32 but 128 in float64 changes the output byte. Rounding every step to float32
 * reproduces the reference bit for bit.
 */
export const f32 = Math.fround;

/** numpy's `uint8(x)` for x already clamped to [0, 255]: truncation towards zero. */
export function truncateToByte(x: number): number {
  return x > 0 ? Math.trunc(x) : 0;
}

/** `uint8(255 * v)` of the reference, with v clamped to [0,1] first (NaN counts as 0). */
export function unitToByte(v: number): number {
  const clamped = v > 0 ? Math.min(v, 1) : 0;
  return truncateToByte(f32(255 * clamped));
}
