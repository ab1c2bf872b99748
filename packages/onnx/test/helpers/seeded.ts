/** Deterministic values in [-1, 1), so that tests do not depend on a random generator. */
export function seeded(n: number, seed: number): number[] {
  const out: number[] = [];
  let state = (seed * 7919 + 17) % 2147483648;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(state / 1073741824 - 1);
  }
  return out;
}

export function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
