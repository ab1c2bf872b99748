/** A scalar loss of every input, evaluated in float64 (or float32 on a backend, summed in float64). */
export type Loss = (inputs: Float64Array[]) => number;

/**
 * Central differences of `loss` with respect to every element of `inputs[which]`:
 * (L(x + h e_i) - L(x - h e_i)) / 2h, with the other inputs held.
 */
export function centralDifferences(
  loss: Loss,
  inputs: Float64Array[],
  which: number,
  h: number,
): Float64Array {
  const x = inputs[which];
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + h;
    const up = loss(inputs);
    x[i] = keep - h;
    const down = loss(inputs);
    x[i] = keep;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}

export function weightedSum(w: Float64Array, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * y[i];
  return s;
}

/**
 * Moves each element down by delta times its position counted across all inputs (input 0 first),
 * so that ties and kinks at 0 resolve to the first element, and a tie between inputs to the first input.
 */
export function nudged(inputs: Float64Array[], delta: number): Float64Array[] {
  let position = 0;
  return inputs.map((x) => x.map((v) => v - delta * ++position));
}
