/**
 * Directions in the activation space of one row (`[h, w, c]`, flattened HWC), each of unit norm,
 * along which the head's gradient is compared with finite differences.
 */
export interface Direction {
  kind: 'random' | 'channel';
  /** The channel a `channel` direction lives on. */
  channel?: number;
  /** Flat indices of the cells the direction moves, and the amount each moves (unit norm overall). */
  indices: Int32Array;
  values: Float64Array;
}

/**
 * Seeded Gaussian directions over every cell, and for the channels with the largest |mean
 * gradient| (the Grad-CAM weight) the uniform direction over that channel's cells: the projection
 * of the gradient on it is the channel weight times sqrt(h*w), so the check covers the exact
 * numbers the map is built from.
 */
export function fdDirections(
  gradient: Float32Array,
  shape: [number, number, number],
  random: number,
  topChannels: number,
  seed: number,
): Direction[] {
  const [h, w, c] = shape;
  const n = h * w * c;
  const next = normalSource(seed);
  const out: Direction[] = [];
  for (let d = 0; d < random; d++) {
    const values = new Float64Array(n);
    let norm = 0;
    for (let i = 0; i < n; i++) {
      values[i] = next();
      norm += values[i] * values[i];
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) values[i] /= norm;
    out.push({ kind: 'random', indices: Int32Array.from({ length: n }, (_, i) => i), values });
  }
  for (const channel of largestChannels(gradient, c, topChannels)) {
    const cells = h * w;
    const indices = Int32Array.from({ length: cells }, (_, p) => p * c + channel);
    out.push({
      kind: 'channel',
      channel,
      indices,
      values: new Float64Array(cells).fill(1 / Math.sqrt(cells)),
    });
  }
  return out;
}

function largestChannels(gradient: Float32Array, channels: number, count: number): number[] {
  const sums = new Float64Array(channels);
  for (let i = 0; i < gradient.length; i++) sums[i % channels] += gradient[i];
  return Array.from(sums.keys())
    .sort((a, b) => Math.abs(sums[b]) - Math.abs(sums[a]) || a - b)
    .slice(0, Math.min(count, channels));
}

/** mulberry32 with Box-Muller: the same seed gives the same directions on every backend. */
function normalSource(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
