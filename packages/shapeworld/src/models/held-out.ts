/**
 * The scenes the classifier is judged on, by `pnpm train` and by the test alike. Training scenes
 * come from seed 1's stream, these from another seed's, so none is seen in training.
 */
export const CLASSIFIER_HELD_OUT = { seed: 20_240_607, scenes: 200 } as const;
