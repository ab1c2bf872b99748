import type { CaseResult } from './run-case';

/** One row per op with passed / failed / unsupported cases, then the ops not supported at all. */
export function formatTable(results: CaseResult[]): string {
  const rows = new Map<string, { passed: number; failed: number; unsupported: number }>();
  /** Cases per op type outside the registry (a case may need several). */
  const others = new Map<string, number>();
  let otherCases = 0;
  for (const r of results) {
    if (r.outcome.kind === 'other-ops') {
      otherCases++;
      for (const op of r.outcome.ops) others.set(op, (others.get(op) ?? 0) + 1);
      continue;
    }
    const row = rows.get(r.op) ?? { passed: 0, failed: 0, unsupported: 0 };
    row[r.outcome.kind]++;
    rows.set(r.op, row);
  }
  const sum = (k: 'passed' | 'failed' | 'unsupported') => [...rows.values()].reduce((a, r) => a + r[k], 0);
  const lines = [
    '| op | passed | failed | unsupported |',
    '|---|---|---|---|',
    ...[...rows]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([op, r]) => `| ${op} | ${r.passed} | ${r.failed} | ${r.unsupported} |`),
    `| all ${rows.size} supported ops | ${sum('passed')} | ${sum('failed')} | ${sum('unsupported')} |`,
    '',
    `${otherCases} cases need some of ${others.size} ops not supported (cases per op): ` +
      [...others]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => `${op} (${n})`)
        .join(', '),
  ];
  const unsupported = results.filter((r) => r.outcome.kind === 'unsupported');
  if (unsupported.length > 0) {
    lines.push('', 'Refused as unsupported:');
    for (const r of unsupported) lines.push(`- ${r.name}: ${(r.outcome as { detail: string }).detail}`);
  }
  return lines.join('\n');
}
