/** Numbers as the reports show them: 4 significant digits, no exponent for everyday sizes. */
export function formatNumber(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e5) return Number(x.toPrecision(4)).toString();
  return x.toExponential(3);
}

export function formatPercent(p: number): string {
  return `${(100 * p).toFixed(1)}%`;
}

/** An answer as a file-name part: lower case letters, digits and dashes. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'answer' : s.slice(0, 60);
}
