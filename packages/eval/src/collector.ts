import type { MetricKey } from './metric-keys';

/** Per-item values of every (model, row, metric), and of each randomisation step. */
export class Collector {
  readonly values = new Map<string, Map<string, Map<MetricKey, number[]>>>();
  readonly randomisation = new Map<string, Map<string, Map<string, number[]>>>();
  /** Grad-CAM's strict pointing by item group (shape, word role, question type). */
  readonly groups = new Map<string, Map<string, number[]>>();

  add(model: string, row: string, scores: Partial<Record<MetricKey, number | undefined>>): void {
    const rows = getOr(this.values, model, () => new Map<string, Map<MetricKey, number[]>>());
    const metrics = getOr(rows, row, () => new Map<MetricKey, number[]>());
    for (const [key, value] of Object.entries(scores) as [MetricKey, number | undefined][]) {
      if (value === undefined || !Number.isFinite(value)) continue;
      getOr(metrics, key, () => []).push(value);
    }
  }

  addRandomisation(model: string, row: string, step: string, spearman: number): void {
    if (!Number.isFinite(spearman)) return;
    const rows = getOr(this.randomisation, model, () => new Map<string, Map<string, number[]>>());
    getOr(
      getOr(rows, row, () => new Map<string, number[]>()),
      step,
      () => [],
    ).push(spearman);
  }

  /** Where Grad-CAM's maximum fell, per model: counts by place. */
  readonly peaks = new Map<string, Map<string, number>>();

  addPeak(model: string, place: string): void {
    const places = getOr(this.peaks, model, () => new Map<string, number>());
    places.set(place, (places.get(place) ?? 0) + 1);
  }

  addGroup(model: string, group: string, hit: number): void {
    getOr(
      getOr(this.groups, model, () => new Map<string, number[]>()),
      group,
      () => [],
    ).push(hit);
  }
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
