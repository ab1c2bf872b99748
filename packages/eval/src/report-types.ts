import type { EvalSettings } from './settings';
import type { ModelSummary } from './summarise';
import type { TargetCheck } from './targets';

/** Everything `gradcam eval` measured: what eval.json holds and the reports are made from. */
export interface EvalReport {
  version: string;
  command: string;
  backend: string;
  settings: EvalSettings;
  seconds: number;
  models: Partial<
    Record<
      string,
      ModelSummary & {
        description: string;
        layer: string;
        items: number;
        scenesWithItems: number;
        seconds: number;
        rowOrder: string[];
        skipped: Record<string, string>;
        /** Seconds per stage (explaining per row, perturbation metrics, occlusion, randomisation). */
        timing: Record<string, number>;
        /** What the items are and what the breakdown groups mean. */
        itemsAre: string;
        groupsAre: string;
      }
    >
  >;
  /** Models asked for but not evaluated, with the reason (e.g. weights not trained yet). */
  missing: Partial<Record<string, string>>;
  targets: TargetCheck[];
  notes: string[];
}
