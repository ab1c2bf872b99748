/**
 * The metrics draw from the project's one seeded generator (core's mulberry32): reproducible
 * baselines, noise and bootstrap resamples. Re-exported under the names this package has always
 * exported.
 */
export { seededGaussian as createGaussian, seededUniform as createRng } from '@gradcam/core';
