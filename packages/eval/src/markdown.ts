import { CURVE_STEPS, OCCLUSION } from './faithfulness';
import { cell, markdownTable } from './format';
import { METRICS, type MetricKey } from './metric-keys';
import type { EvalReport } from './report-types';
import { EXPENSIVE_ROWS } from './variants';

const LOCALIZATION: MetricKey[] = ['iou', 'boxAccuracy', 'pointing', 'pointingTolerant', 'energy'];
const FAITHFULNESS: MetricKey[] = [
  'deletion',
  'insertion',
  'drop',
  'increase',
  'occlusion',
  'randomisedHead',
  'randomisedAll',
  'ssimHead',
  'ssimAll',
];
const arrow = (key: MetricKey) => `${METRICS[key].title} ${METRICS[key].better === 'higher' ? '↑' : '↓'}`;

/** The report as Markdown: targets first, then per model localization, faithfulness and sanity. */
export function evalMarkdown(report: EvalReport): string {
  const s = report.settings;
  const out: string[] = [
    '# gradcam eval: explanations against ground truth',
    '',
    `\`${report.command}\` (gradcam ${report.version}, backend ${report.backend}, ${report.seconds.toFixed(0)} s)`,
    '',
    `${s.scenes} held-out scenes (seed ${s.seed}). Every number is a mean over targets with its 95% interval ` +
      '(percentile bootstrap, 2,000 resamples). Localization uses every target of every scene. The costly ' +
      'measures run on the first scenes of each model, until they hold at least this many targets: ' +
      `${[...EXPENSIVE_ROWS].join(', ')} ${s.expensiveTargets}; deletion/insertion ` +
      `(${CURVE_STEPS} steps; removed pixels become 0, mid grey; revealed ones appear on the mean colour) and ` +
      `the confidence change ${s.faithfulnessTargets}; occlusion agreement (${OCCLUSION.patch} px patches, ` +
      `stride ${OCCLUSION.stride}) ${s.occlusionTargets}; model randomisation (gradient methods) ` +
      `${s.randomisationTargets}. The n column counts the targets behind the localization figures.`,
    '',
    '## Targets (Grad-CAM)',
    '',
    ...markdownTable(
      ['model', 'check', 'target', 'measured', 'result'],
      report.targets.map((t) => [t.model, t.what, t.target, t.measured, t.met ? 'met' : '**missed**']),
    ),
    '',
  ];
  for (const note of report.notes) out.push(`- ${note}`);
  if (report.notes.length) out.push('');
  for (const [model, reason] of Object.entries(report.missing))
    out.push(`**${model}: not evaluated.** ${reason}`, '');
  for (const [model, m] of Object.entries(report.models)) {
    if (!m) continue;
    out.push(
      `## ${model}: ${m.description}`,
      '',
      `${m.items} targets (${m.itemsAre}) in ${m.scenesWithItems} scenes; ${m.seconds.toFixed(0)} s.`,
      '',
      `Time by stage: ${Object.entries(m.timing)
        .sort((a, b) => b[1] - a[1])
        .map(([stage, seconds]) => `${stage} ${seconds.toFixed(1)} s`)
        .join(', ')}.`,
      '',
    );
    for (const [row, reason] of Object.entries(m.skipped)) out.push(`- ${row} skipped: ${reason}`);
    if (Object.keys(m.skipped).length) out.push('');
    const rows = m.rowOrder.filter((r) => m.rows[r]);
    out.push(
      '### Localization',
      '',
      ...markdownTable(
        ['map', 'n', ...LOCALIZATION.map(arrow)],
        rows.map((r) => [
          r,
          String(m.rows[r].pointing?.n ?? 0),
          ...LOCALIZATION.map((k) => cell(m.rows[r][k])),
        ]),
      ),
      '',
      '### Faithfulness and sanity',
      '',
      ...markdownTable(
        ['map', ...FAITHFULNESS.map(arrow)],
        rows.map((r) => [
          r,
          ...FAITHFULNESS.map((k) => cell(m.rows[r][k], k === 'drop' || k === 'increase' ? 1 : 2)),
        ]),
      ),
      '',
    );
    if (Object.keys(m.groups).length) {
      out.push(
        `### Grad-CAM pointing game by ${m.groupsAre}`,
        '',
        ...markdownTable(
          [m.groupsAre, 'n', 'pointing (strict)'],
          Object.entries(m.groups).map(([g, v]) => [g, String(v.n), cell(v)]),
        ),
        '',
      );
    }
    const placed = Object.values(m.peaks).reduce((a, b) => a + b, 0);
    if (placed > 0) {
      out.push(
        `Where Grad-CAM's maximum falls: ${Object.entries(m.peaks)
          .sort((a, b) => b[1] - a[1])
          .map(([place, n]) => `${place} ${((100 * n) / placed).toFixed(0)}%`)
          .join(', ')} (of ${placed} targets).`,
        '',
      );
    }
    const steps = m.randomisation.steps;
    if (steps.length) {
      out.push(
        '### Model randomisation (cascading from the output): Spearman with the trained maps ↓',
        '',
        ...markdownTable(
          ['map', ...steps.map((st) => `+${st.split(' + ').at(-1)}`)],
          Object.entries(m.randomisation.rows).map(([r, v]) => [r, ...steps.map((st) => cell(v[st]))]),
        ),
        '',
      );
    }
  }
  return `${out.join('\n')}\n`;
}
