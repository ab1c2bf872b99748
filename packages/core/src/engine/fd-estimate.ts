/**
 * Finite-difference estimates of a directional derivative from the score at the point (f0) and at
 * +-h and +-h/2 along the direction, each Richardson-extrapolated from its two steps: the central
 * one (error O(h^4)) and the forward and backward ones (O(h^2)). The scores are float32; this
 * arithmetic is float64.
 *
 * Why three: the head is only piecewise smooth (ReLU, max pooling). A kink crossed on one side of
 * the point spoils the central difference and that side's, not the other side's, so a correct
 * gradient still agrees with one of them; a wrong gradient agrees with none.
 */
export function fdEstimates(f0: number, fp: number, fm: number, hp: number, hm: number, h: number): number[] {
  const central = (4 * ((hp - hm) / h) - (fp - fm) / (2 * h)) / 3;
  const forward = 2 * ((hp - f0) / (h / 2)) - (fp - f0) / h;
  const backward = 2 * ((f0 - hm) / (h / 2)) - (f0 - fm) / h;
  return [central, forward, backward];
}

/**
 * The distance between the analytic and numeric directional derivatives, relative to the larger
 * of the two and to `floor`: the typical size of a projection of the gradient on a random unit
 * direction (its norm over sqrt(size)), so that a projection near zero cannot inflate the error,
 * and the smallest derivative the finite differences resolve, so that rounding noise cannot.
 */
export function relativeError(analytic: number, numeric: number, floor: number): number {
  const denominator = Math.max(Math.abs(analytic), Math.abs(numeric), floor);
  if (denominator === 0) return 0;
  const error = Math.abs(analytic - numeric) / denominator;
  return Number.isFinite(error) ? error : Number.POSITIVE_INFINITY;
}
