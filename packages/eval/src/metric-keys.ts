/** Every number the evaluation reports per row, in table order, with the direction that is better. */
export const METRICS = {
  iou: { title: 'box IoU', better: 'higher', group: 'localization' },
  boxAccuracy: { title: 'box acc@0.5', better: 'higher', group: 'localization' },
  pointing: { title: 'pointing', better: 'higher', group: 'localization' },
  pointingTolerant: { title: 'pointing ±4px', better: 'higher', group: 'localization' },
  energy: { title: 'energy', better: 'higher', group: 'localization' },
  deletion: { title: 'deletion AUC', better: 'lower', group: 'faithfulness' },
  insertion: { title: 'insertion AUC', better: 'higher', group: 'faithfulness' },
  drop: { title: 'avg drop %', better: 'lower', group: 'faithfulness' },
  increase: { title: 'increase %', better: 'higher', group: 'faithfulness' },
  occlusion: { title: 'occlusion ρ', better: 'higher', group: 'faithfulness' },
  randomisedHead: { title: 'rand. ρ (head)', better: 'lower', group: 'faithfulness' },
  randomisedAll: { title: 'rand. ρ (all)', better: 'lower', group: 'faithfulness' },
  ssimHead: { title: 'rand. SSIM (head)', better: 'lower', group: 'faithfulness' },
  ssimAll: { title: 'rand. SSIM (all)', better: 'lower', group: 'faithfulness' },
} as const;

export type MetricKey = keyof typeof METRICS;
export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[];
