import { seededGaussian, seededUniform } from '@gradcam/core';

/** Uniform and normal draws from the project's one seeded generator: same seed, same weights. */
export class Random {
  readonly uniform: () => number;
  readonly normal: () => number;

  constructor(seed: number) {
    this.uniform = seededUniform(seed);
    this.normal = seededGaussian(this.uniform);
  }
}
