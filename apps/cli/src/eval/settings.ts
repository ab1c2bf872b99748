import type { EvalModel } from './types';

export interface EvalSettings {
  scenes: number;
  seed: number;
  methods: string[];
  models: EvalModel[];
  /** Scenes (the first ones) on which deletion/insertion and the confidence change are measured. */
  faithfulnessScenes: number;
  /** ... the occlusion map is computed (one forward pass per patch position and target). */
  occlusionScenes: number;
  /** ... Score-CAM and Ablation-CAM run (one forward pass per channel and target). */
  expensiveScenes: number;
  /** ... the model randomisation test runs (every method again per randomised step). */
  randomisationScenes: number;
  /** ... whose maps the HTML page shows. */
  exampleScenes: number;
}

/**
 * The subsets of the default run, chosen so that `gradcam eval` with every model stays well under
 * ten minutes on a 2-core machine on WASM; each is capped by --scenes.
 */
export const SUBSETS = {
  faithfulnessScenes: 15,
  occlusionScenes: 10,
  expensiveScenes: 25,
  randomisationScenes: 4,
  exampleScenes: 3,
} as const;

export function withSubsets(
  base: Pick<EvalSettings, 'scenes' | 'seed' | 'methods' | 'models'>,
  subsets: Partial<Record<keyof typeof SUBSETS, number>> = {},
): EvalSettings {
  const all = { ...SUBSETS, ...subsets };
  const cap = (n: number) => Math.min(n, base.scenes);
  return {
    ...base,
    faithfulnessScenes: cap(all.faithfulnessScenes),
    occlusionScenes: cap(all.occlusionScenes),
    expensiveScenes: cap(all.expensiveScenes),
    randomisationScenes: cap(all.randomisationScenes),
    exampleScenes: cap(all.exampleScenes),
  };
}
