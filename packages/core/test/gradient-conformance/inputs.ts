// The project's seeded generator (mulberry32), shared with ShapeWorld rather than written again.
import { hashSeed, Random } from '../../../shapeworld/src/world/random';
import type { Fill, InputSpec } from './case';

function draw(rng: Random, fill: Fill): number {
  switch (fill) {
    case 'positive':
      return rng.uniform(0.5, 2);
    case 'unit':
      return rng.uniform(-0.9, 0.9);
    case 'aboveOne':
      return rng.uniform(1.2, 3);
    default: {
      // Away from 0, where ReLU-like kinks sit, with either sign.
      const magnitude = rng.uniform(0.1, 1);
      return rng.chance(0.5) ? magnitude : -magnitude;
    }
  }
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Seeded per case id, so that adding a case does not change the inputs of the others. */
export function seedOf(id: string): Random {
  return new Random(hashSeed(...Array.from(id, (ch) => ch.charCodeAt(0))));
}

/** Values representable in float32, so the float64 reference sees exactly what TF.js sees. */
export function makeValues(spec: InputSpec, rng: Random): Float64Array {
  const n = sizeOf(spec.shape);
  if (spec.values) {
    if (spec.values.length !== n) throw new Error(`values for ${spec.shape} must have ${n} elements`);
    return Float64Array.from(spec.values, Math.fround);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(draw(rng, spec.fill ?? 'signed'));
  return out;
}

/** Loss weights in +-[0.5, 1.5]: none near zero, so every output element counts. */
export function lossWeights(n: number, rng: Random): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(rng.uniform(0.5, 1.5) * (rng.chance(0.5) ? 1 : -1));
  return out;
}
