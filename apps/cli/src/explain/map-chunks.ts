import type { VerificationSummary } from '@gradcam/core';

/**
 * The float32 maps one engine call may hand back at an image's size. A map costs 4 x height x
 * width bytes (1.2 MB at 640x480, 7.7 MB at 1600x1200), and the engine holds about three times a
 * call's maps while it resizes them: --top 1000 on a 1600-pixel photo in one call was 23 GB.
 * Classes are explained in chunks under this, each chunk written and let go before the next.
 */
export const MAP_CHUNK_BYTES = 32 * 2 ** 20;

/** How many maps of that size one chunk holds (at least one). */
export function mapsPerChunk(height: number, width: number, budget = MAP_CHUNK_BYTES): number {
  return Math.max(1, Math.floor(budget / (4 * height * width)));
}

/**
 * [start, end) ranges over `total` classes, best first: the first range holds `first` (the maps
 * the report page draws, which are kept until the page is written), the others `size` each.
 */
export function chunkRanges(total: number, first: number, size: number): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  let end = Math.min(total, Math.max(first, size));
  while (start < total) {
    ranges.push([start, end]);
    start = end;
    end = Math.min(total, start + size);
  }
  return ranges;
}

/** The verification of several chunks as one: the worst error and its layer, the counts summed. */
export function mergeVerification(parts: readonly VerificationSummary[]): VerificationSummary | undefined {
  if (parts.length <= 1) return parts[0];
  const worst = parts.reduce((a, b) => (b.maxRelError > a.maxRelError ? b : a));
  const layers = new Map<string, { layer: string; maxRelError: number; passed: boolean }>();
  for (const l of parts.flatMap((p) => p.layers)) {
    const seen = layers.get(l.layer);
    layers.set(l.layer, {
      layer: l.layer,
      maxRelError: Math.max(seen?.maxRelError ?? 0, l.maxRelError),
      passed: (seen?.passed ?? true) && l.passed,
    });
  }
  const sum = (f: (p: VerificationSummary) => number) => parts.reduce((t, p) => t + f(p), 0);
  return {
    ...worst,
    passed: parts.every((p) => p.passed),
    checks: sum((p) => p.checks),
    headEvaluations: sum((p) => p.headEvaluations),
    timeMs: sum((p) => p.timeMs),
    layers: [...layers.values()],
  };
}
