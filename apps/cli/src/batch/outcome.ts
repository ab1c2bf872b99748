import { join } from 'node:path';
import { INDEX } from './row-store';
import type { BatchOutcome } from './run-batch';

/** The lines printed at the end of a run. */
export function describeOutcome(outcome: BatchOutcome, out: string): string[] {
  const rate = outcome.explained / Math.max(outcome.seconds, 1e-3);
  const lines = [
    `explained ${outcome.explained} item(s) in ${outcome.seconds.toFixed(1)} s (${rate.toFixed(1)} items/s)${outcome.skipped > 0 ? `; ${outcome.skipped} already done` : ''}`,
    `index: ${join(out, INDEX)}: ${outcome.rows} row(s), ${outcome.rows - outcome.failed} ok, ${outcome.failed} failed`,
  ];
  if (outcome.missing > 0) lines.push(`${outcome.missing} item(s) not done yet: run again with --resume`);
  if (outcome.failed > 0) lines.push(`the failed items have status "failed" and their error in the index`);
  return lines;
}
