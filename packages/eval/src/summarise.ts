import { type MeanInterval, meanInterval } from '@gradcam/metrics';
import type { Collector } from './collector';
import { METRIC_KEYS, type MetricKey } from './metric-keys';

export type RowSummary = Partial<Record<MetricKey, MeanInterval>>;

export interface ModelSummary {
  rows: Record<string, RowSummary>;
  /** Mean Spearman with the trained maps after each cascading randomisation step, per row. */
  randomisation: { steps: string[]; rows: Record<string, Record<string, MeanInterval>> };
  /** Grad-CAM's strict pointing game by item group. */
  groups: Record<string, MeanInterval>;
  /** Where Grad-CAM's maximum fell: targets per place. */
  peaks: Record<string, number>;
}

/**
 * Means with 95% intervals: percentile bootstrap (2,000 resamples, seeded), because most of the
 * numbers are bounded (hit rates, correlations, AUCs in [0, 1]) and a t interval can leave [0, 1].
 */
export function interval(values: readonly number[], seed: number): MeanInterval {
  return meanInterval(values, { method: 'bootstrap', resamples: 2000, seed });
}

export function summarise(
  collector: Collector,
  model: string,
  rowOrder: string[],
  seed: number,
): ModelSummary {
  const rows: Record<string, RowSummary> = {};
  const byRow = collector.values.get(model);
  for (const row of rowOrder) {
    const metrics = byRow?.get(row);
    if (!metrics) continue;
    const summary: RowSummary = {};
    for (const key of METRIC_KEYS) {
      const values = metrics.get(key);
      if (values?.length) summary[key] = interval(values, seed);
    }
    rows[row] = summary;
  }
  const randomisation: ModelSummary['randomisation'] = { steps: [], rows: {} };
  for (const [row, steps] of collector.randomisation.get(model) ?? []) {
    randomisation.rows[row] = {};
    for (const [step, values] of steps) {
      if (!randomisation.steps.includes(step)) randomisation.steps.push(step);
      randomisation.rows[row][step] = interval(values, seed);
    }
  }
  const groups: Record<string, MeanInterval> = {};
  for (const [group, values] of collector.groups.get(model) ?? []) groups[group] = interval(values, seed);
  const peaks = Object.fromEntries(collector.peaks.get(model) ?? []);
  return { rows, randomisation, groups, peaks };
}
