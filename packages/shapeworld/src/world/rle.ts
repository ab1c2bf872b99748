/**
 * Run-length encoding of a 0/1 mask, row-major: lengths of alternating runs, the first run of
 * zeros (possibly empty). Small, and readable from any language without a PNG decoder.
 */
export function encodeMask(mask: Uint8Array): number[] {
  const runs: number[] = [];
  let value = 0;
  let length = 0;
  for (const v of mask) {
    const bit = v ? 1 : 0;
    if (bit === value) {
      length++;
    } else {
      runs.push(length);
      value = bit;
      length = 1;
    }
  }
  runs.push(length);
  return runs;
}

export function decodeMask(runs: readonly number[], size: number): Uint8Array {
  const mask = new Uint8Array(size);
  let at = 0;
  runs.forEach((length, i) => {
    if (i % 2 === 1) mask.fill(1, at, at + length);
    at += length;
  });
  if (at !== size) throw new Error(`mask runs cover ${at} pixels, expected ${size}`);
  return mask;
}
