import { expect } from 'vitest';

/** float32 rounding of values of size `largest`, seen through a difference quotient with step `eps`. */
export function roundingNoise(largest: number, eps: number): number {
  return 2 ** (Math.floor(Math.log2(largest)) - 23) / eps;
}

/**
 * Central difference of f at a step, or undefined when the one-sided differences disagree: the
 * step crossed a ReLU kink, where no finite difference is the derivative.
 */
export function centralDifference(
  plus: number,
  base: number,
  minus: number,
  eps: number,
  noise: number,
): number | undefined {
  const forward = (plus - base) / eps;
  const backward = (base - minus) / eps;
  // Smooth parts (tanh, sigmoid) bend a little: allow the second-order difference of a smooth f.
  const bend = 0.02 * Math.max(Math.abs(forward), Math.abs(backward));
  if (Math.abs(forward - backward) > bend + 4 * noise) return undefined;
  return (plus - minus) / (2 * eps);
}

/** Within 0.2% of the largest magnitude, plus the rounding noise of the float32 differences. */
export function expectClose(ours: number[], fd: number[], noise: number): void {
  expect(ours.length).toBe(fd.length);
  const scale = Math.max(...fd.map(Math.abs));
  expect(scale).toBeGreaterThan(20 * noise);
  const worst = Math.max(...ours.map((v, i) => Math.abs(v - fd[i])));
  expect(worst).toBeLessThan(2e-3 * scale + 4 * noise);
}
