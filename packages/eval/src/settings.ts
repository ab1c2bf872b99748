/**
 * The default run: about 100 classifier targets, 300 caption words and 200 VQA answers (intervals
 * of about +-5 points on the pointing game), in about seven minutes for all three models on this
 * 2-core machine with other jobs running (measured: classifier 49 s, captioner 204 s at 60 scenes).
 */
export const DEFAULT_EVAL_SCENES = 60;

export interface EvalSettings {
  scenes: number;
  seed: number;
  methods: string[];
  /** The reference models to load by name (runEval); evaluateSubjects takes its subjects instead. */
  models: string[];
  /**
   * Targets (at least; whole scenes, the first ones) on which deletion/insertion and the
   * confidence change are measured. Counted in targets, not scenes, because a caption has five
   * targets where the classifier has two, and each target costs the same forward passes.
   */
  faithfulnessTargets: number;
  /** ... the occlusion map is computed (one forward pass per patch position and target). */
  occlusionTargets: number;
  /** ... Score-CAM and Ablation-CAM run (one forward pass per channel and target). */
  expensiveTargets: number;
  /** ... the model randomisation test runs (every gradient method again per randomised step). */
  randomisationTargets: number;
  /** Scenes (the first ones) whose maps the HTML page shows. */
  exampleScenes: number;
}

/**
 * The subsets of the default run, chosen so that `gradcam eval` with every model stays well under
 * ten minutes on a 2-core machine on WASM; target subsets take whole scenes from the first one until they hold that many targets.
 */
export const SUBSETS = {
  faithfulnessTargets: 24,
  occlusionTargets: 12,
  expensiveTargets: 40,
  randomisationTargets: 6,
  exampleScenes: 3,
} as const;

export function withSubsets(
  base: Pick<EvalSettings, 'scenes' | 'seed' | 'methods' | 'models'>,
  subsets: Partial<Record<keyof typeof SUBSETS, number>> = {},
): EvalSettings {
  const all = { ...SUBSETS, ...subsets };
  return { ...base, ...all, exampleScenes: Math.min(all.exampleScenes, base.scenes) };
}
