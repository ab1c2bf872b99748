/**
 * The scenes each reference model is judged on, by `pnpm train` and by the tests alike. Training
 * scenes come from seed 1's stream (the classifier), 2's (the captioner) and 3's (the VQA model);
 * these come from other seeds' streams, so none is seen in training.
 */
export const CLASSIFIER_HELD_OUT = { seed: 20_240_607, scenes: 200 } as const;
export const CAPTIONER_HELD_OUT = { seed: 20_240_608, scenes: 200 } as const;
export const VQA_HELD_OUT = { seed: 20_240_609, scenes: 300 } as const;
