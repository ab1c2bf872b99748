import type { Panel } from '../explain/panel';

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e5) ? x.toExponential(2) : Number(x.toPrecision(3)).toString();
}

/** A panel's numbers on one line: `score 2.31 · p 45.0% · log p -0.8`. */
export function panelNumbers(panel: Panel): string {
  const parts: string[] = [];
  if (panel.score !== undefined) parts.push(`score ${formatNumber(panel.score)}`);
  if (panel.probability !== undefined) parts.push(`p ${(100 * panel.probability).toFixed(1)}%`);
  if (panel.logProb !== undefined) parts.push(`log p ${formatNumber(panel.logProb)}`);
  return parts.join(' · ');
}
