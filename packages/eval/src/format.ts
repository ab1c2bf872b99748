import type { MeanInterval } from '@gradcam/metrics';

/** `0.82 [0.79, 0.85]`: the mean and its 95% interval; `-` when nothing was measured. */
export function cell(value: MeanInterval | undefined, digits = 2): string {
  if (!value) return '-';
  const f = (v: number) => v.toFixed(digits);
  if (!Number.isFinite(value.lower)) return f(value.mean);
  return `${f(value.mean)} [${f(value.lower)}, ${f(value.upper)}]`;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}
