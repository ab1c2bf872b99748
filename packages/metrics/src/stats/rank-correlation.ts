import type { MapData } from '@gradcam/core';
import { fail } from '../checks';

type Values = ArrayLike<number> | MapData;

/** Ranks from 1, tied values sharing the mean of the ranks they span (so ties do not bias rho). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rho: the Pearson correlation of the average ranks. NaN when either side is constant
 * (every rank tied), where the correlation is undefined; callers decide how to report that.
 */
export function rankCorrelation(a: Values, b: Values): number {
  const [x, y] = [asArray(a), asArray(b)];
  if (isMap(a) && isMap(b) && (a.width !== b.width || a.height !== b.height)) {
    fail(`rank correlation of a ${a.width}x${a.height} and a ${b.width}x${b.height} map: resize one first`);
  }
  if (x.length !== y.length) fail(`rank correlation needs equal lengths, got ${x.length} and ${y.length}`);
  if (x.length < 2) fail('rank correlation needs at least two values');
  for (const v of [...Array.from(x), ...Array.from(y)])
    if (Number.isNaN(v)) fail('rank correlation of NaN values');
  return pearson(averageRanks(x), averageRanks(y));
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  // Sum first, divide once: the mean of n equal values is then exactly that value, so a
  // constant side has exactly zero spread and gives NaN, not a correlation of rounding noise.
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

function isMap(v: Values): v is MapData {
  return typeof (v as MapData).width === 'number' && (v as MapData).data !== undefined;
}

function asArray(v: Values): ArrayLike<number> {
  return isMap(v) ? v.data : v;
}
