import type { Box } from '@gradcam/core';
import { STANDARD_TOLERANCE } from '@gradcam/shapeworld';
import { formatTable } from '../table';
import type { MapSummary, RunSummary } from './summary';

const formatBox = (b: Box | null) => (b ? `(${b.x0},${b.y0})-(${b.x1},${b.y1})` : 'none');

/** Ground truth in a word: absent classes have nothing to point at. */
function truthText(truth: MapSummary['truth']): string {
  if (!truth) return '-';
  if (!truth.grade) return truth.present ? '-' : 'absent';
  if (truth.grade.inside) return 'yes';
  return truth.grade.near ? `within ${truth.grade.distance.toFixed(1)} px` : 'NO';
}

/** The human report of an explain run: one row per explained class, then what was written. */
export function explainReport(summary: RunSummary, outDir: string): string[] {
  const truth = summary.images.some((i) => i.maps.some((m) => m.truth));
  const rows = summary.images.flatMap((image) =>
    image.maps.map((m) => [
      image.image,
      m.label ?? String(m.class),
      m.score.toFixed(3),
      m.probability === undefined ? '-' : m.probability.toFixed(3),
      formatBox(m.box),
      ...(truth ? [truthText(m.truth)] : []),
      image.timing.explainMs.toFixed(0),
      m.files[0] ?? '-',
    ]),
  );
  const files = summary.images.flatMap((i) => i.maps.flatMap((m) => m.files)).length;
  const jsons = summary.formats.includes('json') ? summary.images.length : 0;
  const pages = summary.images.filter((i) => i.report).length;
  const total = summary.images.length + summary.failures.length;
  const lines = rows.length
    ? formatTable(
        [
          'image',
          'class',
          'score',
          'prob',
          '15% box',
          ...(truth ? ['peak on object'] : []),
          'ms',
          'first file',
        ],
        rows,
      )
    : [];
  lines.push(
    '',
    `explained ${summary.images.length} of ${total} images; wrote ${files} map files, ${jsons} image summaries (<name>.json), ${pages} report pages (<name>.html) and summary.json to ${outDir}`,
  );
  const graded = summary.images.flatMap((i) =>
    i.maps.flatMap((m) => (m.truth?.grade ? [m.truth.grade] : [])),
  );
  if (graded.length > 0) {
    const inside = graded.filter((g) => g.inside).length;
    const near = graded.filter((g) => g.near).length;
    lines.push(
      `ground truth: ${inside}/${graded.length} maps of present shapes peak inside their objects, ${near}/${graded.length} within ${STANDARD_TOLERANCE} px`,
    );
  }
  for (const image of summary.images)
    for (const m of image.maps)
      if (m.degenerate) lines.push(`${image.image}: ${m.label ?? m.class}: ${m.degenerate}`);
  if (summary.failures.length > 0) {
    lines.push(`${summary.failures.length} image(s) failed; the reasons are on stderr and in summary.json`);
  }
  return lines;
}
