import { seededUniform } from '@gradcam/core';

/**
 * ShapeWorld's draws (integers, picks, shuffles) over the project's one seeded generator, core's
 * mulberry32, started at the mixed seed: a seed names one scene forever. Nothing in ShapeWorld
 * uses Math.random.
 */
export class Random {
  private readonly draw: () => number;

  constructor(seed: number) {
    this.draw = seededUniform(hashSeed(seed));
  }

  /** A float in [0, 1). */
  next(): number {
    return this.draw();
  }

  /** A float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** An integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** Roughly normal (sum of four uniforms), mean 0, standard deviation 1: enough for pixel noise. */
  gaussian(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * Math.sqrt(3);
  }
}

/**
 * Mixes integers into a 32-bit seed (murmur3's finaliser per part), so that nearby seeds and
 * (seed, index) pairs give unrelated sequences.
 */
export function hashSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    let k = Math.floor(part) | 0;
    k = Math.imul(k ^ (k >>> 16), 0x85ebca6b);
    k = Math.imul(k ^ (k >>> 13), 0xc2b2ae35);
    k ^= k >>> 16;
    h = Math.imul(h ^ k, 0x27d4eb2f) + 0x165667b1;
    h ^= h >>> 15;
  }
  return h >>> 0;
}
