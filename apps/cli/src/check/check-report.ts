import { shapeText } from '../model/shape-text';
import { formatTable } from '../table';
import type { CheckReport } from './run-check';

/** The human form of `gradcam check`: what ran, one row per layer, the verdict. */
export function checkReportLines(report: CheckReport): string[] {
  const { backend, directions } = report;
  const fixes = backend.fixes.length > 0 ? backend.fixes.join(', ') : 'none';
  const lines = [
    `backend: ${backend.name} (${backend.reason}); kernel fixes in force: ${fixes}`,
    `model: ${report.model.source} (${report.model.kind}); sample: ${report.sample}; target: class ${report.target.class} (${report.target.chosen})`,
    `per layer: ${directions.random} random and ${directions.topChannels} top-channel directions, ${report.layers[0]?.headEvaluations ?? 0} head evaluations; threshold ${report.threshold} relative error`,
    '',
    ...formatTable(
      ['layer', 'shape', 'max rel error', 'pass', 'ms'],
      report.layers.map((l) => [
        l.layer,
        shapeText(l.shape),
        l.maxRelError === null ? '-' : l.maxRelError.toExponential(2),
        l.error ? `error: ${l.error}` : l.passed ? 'yes' : 'NO',
        l.timeMs.toFixed(0),
      ]),
    ),
    '',
  ];
  const failed = report.layers.filter((l) => !l.passed);
  lines.push(
    failed.length === 0
      ? `all ${report.layers.length} layers pass on ${backend.name}`
      : `${failed.length} of ${report.layers.length} layers FAIL on ${backend.name}: their maps would rest on a wrong gradient (${failed.map((l) => l.layer).join(', ')}); try another --backend`,
  );
  return lines;
}
