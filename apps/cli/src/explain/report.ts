import type { Box } from '@gradcam/core';
import { formatTable } from '../table';
import type { RunSummary } from './summary';

const formatBox = (b: Box | null) => (b ? `(${b.x0},${b.y0})-(${b.x1},${b.y1})` : 'none');

/** The human report of an explain run: one row per explained class, then what was written. */
export function explainReport(summary: RunSummary, outDir: string): string[] {
  const rows = summary.images.flatMap((image) =>
    image.maps.map((m) => [
      image.image,
      String(m.class),
      m.score.toFixed(3),
      m.probability === undefined ? '-' : m.probability.toFixed(3),
      formatBox(m.box),
      image.timing.explainMs.toFixed(0),
      m.files[0] ?? '-',
    ]),
  );
  const files = summary.images.flatMap((i) => i.maps.flatMap((m) => m.files)).length;
  const jsons = summary.formats.includes('json') ? summary.images.length : 0;
  const pages = summary.images.filter((i) => i.report).length;
  const total = summary.images.length + summary.failures.length;
  const lines = rows.length
    ? formatTable(['image', 'class', 'score', 'prob', '15% box', 'ms', 'first file'], rows)
    : [];
  lines.push(
    '',
    `explained ${summary.images.length} of ${total} images; wrote ${files} map files, ${jsons} image summaries (<name>.json), ${pages} report pages (<name>.html) and summary.json to ${outDir}`,
  );
  if (summary.failures.length > 0) {
    lines.push(`${summary.failures.length} image(s) failed; the reasons are on stderr and in summary.json`);
  }
  return lines;
}
