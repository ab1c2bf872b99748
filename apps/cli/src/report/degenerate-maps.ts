import type { MapData } from '@gradcam/core';

/**
 * Why each map carries no location, or undefined when it may: a constant map points nowhere, and
 * maps of different targets that are byte-identical say nothing about any one of them (a model
 * that ignores the image, or an input it cannot read).
 */
export function degenerateMaps(maps: readonly MapData[]): (string | undefined)[] {
  const tracker = new DegenerateTracker();
  for (const m of maps) tracker.add(m);
  return tracker.reasons();
}

/**
 * degenerateMaps over maps that arrive one chunk at a time: whether every map is byte-identical is
 * known only after the last, so the first map is kept (one map, copied) and each later one
 * compared with it.
 */
export class DegenerateTracker {
  private first?: MapData;
  private count = 0;
  private allIdentical = true;
  private readonly constant: (string | undefined)[] = [];

  add(map: MapData): void {
    if (this.first === undefined) this.first = { ...map, data: map.data.slice() };
    else if (this.allIdentical && !sameBytes(map, this.first)) this.allIdentical = false;
    this.constant.push(
      isConstant(map)
        ? `degenerate map: constant (${map.data[0] ?? 0}) everywhere, it points nowhere`
        : undefined,
    );
    this.count++;
  }

  /** Per map added, in order: why it carries no location, or undefined. */
  reasons(): (string | undefined)[] {
    const identical = this.count > 1 && this.allIdentical;
    const why = `degenerate map: byte-identical for all ${this.count} targets, it tells none of them apart`;
    return this.constant.map((c) => c ?? (identical ? why : undefined));
  }
}

function isConstant(map: MapData): boolean {
  const first = map.data[0];
  return map.data.every((v) => v === first || (Number.isNaN(v) && Number.isNaN(first)));
}

function sameBytes(a: MapData, b: MapData): boolean {
  if (a.width !== b.width || a.height !== b.height || a.data.length !== b.data.length) return false;
  const x = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const y = new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength);
  return x.every((v, i) => v === y[i]);
}

/** The notice, and every distinct reason a map is degenerate: both say the maps below mean nothing. */
export function pageBanner(
  notice: string | undefined,
  degenerate: readonly (string | undefined)[] = [],
): string[] | undefined {
  const lines = [
    ...(notice ? [notice] : []),
    ...new Set(degenerate.filter((d): d is string => d !== undefined)),
  ];
  return lines.length > 0 ? lines : undefined;
}

/** One CLI line over a set of maps (`20 of 20 words: ...`), or undefined when none is degenerate. */
export function degenerateLine(reasons: readonly (string | undefined)[], noun: string): string | undefined {
  const flagged = reasons.filter((r): r is string => r !== undefined);
  if (flagged.length === 0) return undefined;
  return `${flagged.length} of ${reasons.length} ${noun}: ${[...new Set(flagged)].join('; ')}`;
}
