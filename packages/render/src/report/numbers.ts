import { formatNumber, formatPercent } from './format';
import type { ReportPanel } from './types';

/** A panel's numbers on one line: `logit 2.31 · p 45.0% · log p -0.8`. */
export function panelNumbers(panel: ReportPanel, scoreName: string): string {
  const parts: string[] = [];
  if (panel.score !== undefined) parts.push(`${scoreName} ${formatNumber(panel.score)}`);
  if (panel.probability !== undefined) parts.push(`p ${formatPercent(panel.probability)}`);
  if (panel.logProb !== undefined) parts.push(`log p ${formatNumber(panel.logProb)}`);
  return parts.join(' · ');
}
