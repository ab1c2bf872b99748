/**
 * Grad-CAM channel weights (alpha_k = mean_ij dy/dA_ijk) against central finite differences of the
 * score when a constant is added to a whole channel of the explained layer: that derivative is
 * sum_ij dy/dA_ijk, so alpha_k times the number of cells. The scores come from a float64 forward
 * pass (the JS reference), and the differences are taken in float64 here.
 */

export interface ChannelDerivative {
  /** d score / d (offset of channel k), divided by the number of cells: alpha_k. */
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
  checked: { channel: number; ours: number; fd: number }[];
  /**
   * Channels where the score is not differentiable at this point (a max-pool window whose cells
   * tie, e.g. ReLU zeros beside zero padding): ours must lie between the one-sided derivatives.
   */
  kinked: number[];
  /** Channels whose finite difference is too uncertain to check a tolerance of `RESOLVED` x scale. */
  unresolved: number[];
}

// Small enough that no ReLU or max-pool kink lies within a step, in float64 arithmetic.
const STEPS = [2e-6, 1e-6];
const RESOLVED = 1e-4;

/** Central differences of `score(eps)` (the score with eps added to one whole channel). */
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

/** The top `top` channels by |weight| and `random` others, seeded. */
export function channelsToCheck(
  weights: ArrayLike<number>,
  top: number,
  random: number,
  seed: number,
): number[] {
  const order = Array.from(weights, (w, k) => [Math.abs(w), k]).sort((a, b) => b[0] - a[0]);
  const picked = order.slice(0, top).map(([, k]) => k);
  const rest = order.slice(top).map(([, k]) => k);
  let state = seed * 7919 + 13;
  for (let i = 0; i < random && rest.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    picked.push(rest.splice(state % rest.length, 1)[0]);
  }
  return picked;
}

export function compareChannelWeights(
  weights: ArrayLike<number>,
  channels: number[],
  derivative: (channel: number) => ChannelDerivative,
  tolerance: number,
): ChannelCheck {
  const d = channels.map(derivative);
  const scale = Math.max(...d.map(({ fd }) => Math.abs(fd)), ...channels.map((k) => Math.abs(weights[k])));
  const checked: ChannelCheck['checked'] = [];
  const unresolved: number[] = [];
  const kinked: number[] = [];
  channels.forEach((k, i) => {
    const { fd, uncertainty, forward, backward } = d[i];
    if (Math.abs(forward - backward) > tolerance * scale) {
      kinked.push(k);
      // Any choice among tied cells is a one-sided derivative: the nearer one is the reference.
      const ours = weights[k];
      const inside = ours >= Math.min(forward, backward) && ours <= Math.max(forward, backward);
      const nearer = Math.abs(ours - forward) < Math.abs(ours - backward) ? forward : backward;
      checked.push({ channel: k, ours, fd: inside ? ours : nearer });
    } else if (uncertainty <= RESOLVED * scale) checked.push({ channel: k, ours: weights[k], fd });
    else unresolved.push(k);
  });
  const worst = Math.max(0, ...checked.map(({ ours, fd }) => Math.abs(ours - fd) / scale));
  return { worst, scale, checked, unresolved, kinked };
}
