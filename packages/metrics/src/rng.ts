/**
 * A seeded generator of uniforms in [0, 1): a Weyl sequence (golden-ratio increment) passed
 * through a 32-bit avalanche mix. Deterministic for a seed on every platform, which is all that
 * metrics need (reproducible baselines, noise and bootstrap resamples), and it is not Math.random.
 */
export function createRng(seed: number): () => number {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform generator (Box-Muller; the spare value is kept). */
export function createGaussian(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}
