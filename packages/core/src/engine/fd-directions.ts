import { seededUniform } from '../random';

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
 * Seeded random directions weighted by the gradient, and for the channels with the largest |mean
 * gradient| (the Grad-CAM weight) the uniform direction over that channel's cells, so that the
 * check covers the numbers the map is built from.
 *
 * The random directions are g * (0.5 + |z|) with z seeded Gaussian, normalised: random, but
 * positively correlated with the gradient, so that their projection is of the order of |g| and
 * not |g| / sqrt(n), as a plain Gaussian direction's is. Finite differences then resolve it above
 * float32 rounding with steps small enough not to cross the head's kinks, and every cell with a
 * gradient moves, so a gradient wrong anywhere by any factor shows. (Plain Gaussian directions
 * measured errors up to 4.5e-2 on correct MobileNetV2 layers, these 1.3e-2.) Where the gradient
 * is zero on every movable cell, the direction is plain Gaussian.
 *
 * Cells whose activation is exactly 0 are left still when any other cell can move: behind a ReLU
 * they are where the head sits on a kink (e.g. the sum of two ReLU outputs into a third ReLU), the
 * derivative there is one-sided, and central differences would call a correct gradient wrong.
 */
export function fdDirections(
  activations: Float32Array,
  gradient: Float32Array,
  shape: [number, number, number],
  random: number,
  topChannels: number,
  seed: number,
): Direction[] {
  const [h, w, c] = shape;
  const movable = movableCells(activations);
  const next = normalSource(seed);
  const out: Direction[] = [];
  for (let d = 0; d < random; d++) {
    out.push({ kind: 'random', indices: movable, values: randomDirection(gradient, movable, next) });
  }
  const inMovable = new Uint8Array(activations.length);
  for (const i of movable) inMovable[i] = 1;
  let taken = 0;
  for (const channel of channelsByWeight(gradient, c)) {
    if (taken === topChannels) break;
    const cells = Int32Array.from({ length: h * w }, (_, p) => p * c + channel).filter(
      (i) => inMovable[i] === 1,
    );
    if (cells.length === 0) continue;
    out.push({
      kind: 'channel',
      channel,
      indices: cells,
      values: new Float64Array(cells.length).fill(1 / Math.sqrt(cells.length)),
    });
    taken++;
  }
  return out;
}

function movableCells(activations: Float32Array): Int32Array {
  const nonzero: number[] = [];
  for (let i = 0; i < activations.length; i++) if (activations[i] !== 0) nonzero.push(i);
  if (nonzero.length > 0) return Int32Array.from(nonzero);
  return Int32Array.from({ length: activations.length }, (_, i) => i);
}

function randomDirection(gradient: Float32Array, cells: Int32Array, next: () => number): Float64Array {
  const weighted = unit(Float64Array.from(cells, (i) => gradient[i] * (0.5 + Math.abs(next()))));
  return weighted ? weighted : (unit(Float64Array.from(cells, () => next())) as Float64Array);
}

/** The vector scaled to unit norm, or undefined when it is zero. */
function unit(values: Float64Array): Float64Array | undefined {
  let norm = 0;
  for (const v of values) norm += v * v;
  norm = Math.sqrt(norm);
  return norm > 0 ? values.map((v) => v / norm) : undefined;
}

/** Channels by |sum of gradient| (the Grad-CAM weight up to 1/(h*w)), largest first. */
function channelsByWeight(gradient: Float32Array, channels: number): number[] {
  const sums = new Float64Array(channels);
  for (let i = 0; i < gradient.length; i++) sums[i % channels] += gradient[i];
  return Array.from(sums.keys()).sort((a, b) => Math.abs(sums[b]) - Math.abs(sums[a]) || a - b);
}

/**
 * Normal draws from the project's seeded generator, so the same seed gives the same directions on
 * every backend. Each draw takes two uniforms and keeps no spare: the directions stay what they
 * were when this had its own copy of the generator.
 */
function normalSource(seed: number): () => number {
  const uniform = seededUniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
