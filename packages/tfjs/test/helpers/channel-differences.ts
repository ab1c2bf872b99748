/**
 * Grad-CAM channel weights (alpha_k = mean_ij dy/dA_ijk) against central finite differences of the
 * score when a constant is added to a whole channel of the explained layer: that derivative is
 * sum_ij dy/dA_ijk, so alpha_k times the number of cells. The scores come from a float64 forward
 * pass (the JS reference), and the differences are taken in float64 here. Besides single channels,
 * random sign vectors over all channels are probed, so that no wrong channel escapes the check.
 */

/** Offsets per channel, scaled by the step: one channel (`channel 3`) or a random direction. */
export interface Probe {
  label: string;
  direction: Float64Array;
}

export interface ChannelDerivative {
  /** d score / d (step along the probe), divided by the number of cells: alpha_k for channel k. */
  fd: number;
  /** How far two step sizes disagree, plus rounding: what the finite difference is worth. */
  uncertainty: number;
  /** One-sided derivatives at the smallest step: they differ where the score has a kink at this very point. */
  forward: number;
  backward: number;
}

export interface ChannelCheck {
  /** Largest |ours - finite difference| over the checked channels, relative to `scale`. */
  worst: number;
  /** The largest checked channel weight, by finite differences or by ours. */
  scale: number;
  checked: { probe: string; ours: number; fd: number }[];
  /**
   * Probes where the score is not differentiable at this point (a max-pool window whose cells
   * tie, e.g. ReLU zeros beside zero padding): ours must lie between the one-sided derivatives.
   */
  kinked: string[];
  /** Probes whose finite difference is too uncertain to check a tolerance of `RESOLVED` x scale. */
  unresolved: string[];
}

// Small enough that no ReLU or max-pool kink lies within a step, in float64 arithmetic.
const STEPS = [2e-6, 1e-6];
const RESOLVED = 1e-4;

/** Central differences of `score(eps)` (the score with eps times a probe added to the layer). */
export function channelDerivative(f: (eps: number) => number, cells: number): ChannelDerivative {
  const memo = new Map<number, number>();
  const score = (eps: number) => memo.get(eps) ?? memo.set(eps, f(eps)).get(eps)!;
  const central = STEPS.map((eps) => (score(eps) - score(-eps)) / (2 * eps) / cells);
  const at = score(0);
  const base = Math.abs(at);
  const eps = STEPS[STEPS.length - 1];
  const forward = (score(eps) - at) / eps / cells;
  const backward = (at - score(-eps)) / eps / cells;
  const rounding = (8 * base * 2 ** -52) / STEPS[STEPS.length - 1] / cells;
  let uncertainty = rounding;
  for (let e = 1; e < STEPS.length; e++) uncertainty += Math.abs(central[e] - central[e - 1]);
  return { fd: central[central.length - 1], uncertainty, forward, backward };
}

/** One-hot probes for the top `top` channels by |weight|, and `random` random sign vectors (seeded). */
export function probesFor(weights: ArrayLike<number>, top: number, random: number, seed: number): Probe[] {
  const c = weights.length;
  const order = Array.from(weights, (w, k) => [Math.abs(w), k]).sort((a, b) => b[0] - a[0]);
  const probes = order.slice(0, top).map(([, k]) => {
    const direction = new Float64Array(c);
    direction[k] = 1;
    return { label: `channel ${k}`, direction };
  });
  let state = seed * 7919 + 13;
  for (let r = 0; r < random; r++) {
    const direction = new Float64Array(c);
    for (let k = 0; k < c; k++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      direction[k] = state < 1073741824 ? 1 : -1;
    }
    probes.push({ label: `random signs ${r}`, direction });
  }
  return probes;
}

export function compareChannelWeights(
  weights: ArrayLike<number>,
  probes: Probe[],
  derivative: (probe: Probe) => ChannelDerivative,
  tolerance: number,
): ChannelCheck {
  const d = probes.map(derivative);
  const ours = probes.map(({ direction }) => direction.reduce((sum, v, k) => sum + v * weights[k], 0));
  const scale = Math.max(...Array.from(weights, Math.abs), ...d.map(({ fd }) => Math.abs(fd)));
  const checked: ChannelCheck['checked'] = [];
  const unresolved: string[] = [];
  const kinked: string[] = [];
  probes.forEach(({ label }, i) => {
    const { fd, uncertainty, forward, backward } = d[i];
    if (Math.abs(forward - backward) > tolerance * scale) {
      kinked.push(label);
      // Any choice among tied cells is a one-sided derivative: the nearer one is the reference.
      const inside = ours[i] >= Math.min(forward, backward) && ours[i] <= Math.max(forward, backward);
      const nearer = Math.abs(ours[i] - forward) < Math.abs(ours[i] - backward) ? forward : backward;
      checked.push({ probe: label, ours: ours[i], fd: inside ? ours[i] : nearer });
    } else if (uncertainty <= RESOLVED * scale) checked.push({ probe: label, ours: ours[i], fd });
    else unresolved.push(label);
  });
  const worst = Math.max(0, ...checked.map((p) => Math.abs(p.ours - p.fd) / scale));
  return { worst, scale, checked, unresolved, kinked };
}
