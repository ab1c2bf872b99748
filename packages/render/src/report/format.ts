/** Numbers as the page shows them: 4 significant digits, an exponent only for extreme sizes. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e5) return Number(x.toPrecision(4)).toString();
  return x.toExponential(3);
}

export function formatPercent(p: number): string {
  return `${(100 * p).toFixed(1)}%`;
}

/** A metric's value: numbers as above, booleans as yes/no (a pointing hit reads better so). */
export function formatValue(value: number | string | boolean): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
