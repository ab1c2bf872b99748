import { texturedBackground } from './background';
import { shapeCoverage } from './geometry';
import { COLOR_RGB, COLORS, type ColorName, SHAPES, type ShapeName } from './palette';
import { hashSeed, Random } from './random';
import type { Scene, SceneObject } from './scene';

export interface SceneOptions {
  /** Width and height in pixels (default 64). Sizes, gaps and textures scale with it. */
  size?: number;
  /** Fewest and most objects (default 1 and 4; at most 4 fit at 64x64). */
  minObjects?: number;
  maxObjects?: number;
  /** Radius range as fractions of the size (default 6/64 to 11/64: 12 to 22 px across at 64). */
  radius?: [number, number];
  /**
   * Least empty space between the bounding squares of two objects, in pixels at 64x64 (default
   * 2). It is the "allowed overlap": never negative, so masks are disjoint and every pair of boxes
   * is separated along at least one axis, which is what makes every spatial relation decidable.
   */
  gap?: number;
  /**
   * Probability that an object repeats a shape already in the scene (default 0.3). Without it
   * two or three objects of one shape are rare, and counting questions could not be balanced.
   */
  repeatShape?: number;
  /** Supersampling grid per pixel axis for anti-aliasing (default 4: 16 samples). */
  supersample?: number;
}

interface Placement {
  shape: ShapeName;
  color: ColorName;
  cx: number;
  cy: number;
  r: number;
}

const DEFAULTS = {
  size: 64,
  minObjects: 1,
  maxObjects: 4,
  radius: [6 / 64, 11 / 64] as [number, number],
  gap: 2,
  repeatShape: 0.3,
  supersample: 4,
};

/** Distinct (colour, shape) pairs: "the red circle" must name one object. */
function chooseKinds(
  count: number,
  rng: Random,
  repeatShape: number,
): { shape: ShapeName; color: ColorName }[] {
  const kinds: { shape: ShapeName; color: ColorName }[] = [];
  for (let i = 0; i < count; i++) {
    const shape = i > 0 && rng.chance(repeatShape) ? rng.pick(kinds).shape : rng.pick(SHAPES);
    const free = COLORS.filter((c) => !kinds.some((k) => k.shape === shape && k.color === c));
    kinds.push({ shape, color: rng.pick(free) });
  }
  return kinds;
}

function apart(a: Placement, b: Placement, gap: number): boolean {
  return (
    a.cx + a.r + gap <= b.cx - b.r ||
    b.cx + b.r + gap <= a.cx - a.r ||
    a.cy + a.r + gap <= b.cy - b.r ||
    b.cy + b.r + gap <= a.cy - a.r
  );
}

/**
 * Rejection sampling of positions; after half the attempts the radius is drawn from the lower
 * half of its range, and an object that still does not fit is left out (the first always fits).
 */
function place(
  kinds: { shape: ShapeName; color: ColorName }[],
  size: number,
  rMin: number,
  rMax: number,
  gap: number,
  rng: Random,
): Placement[] {
  const placed: Placement[] = [];
  const attempts = 200;
  for (const kind of kinds) {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const hi = attempt < attempts / 2 ? rMax : (rMin + rMax) / 2;
      const r = rng.uniform(rMin, hi);
      const margin = 1;
      const candidate = {
        ...kind,
        r,
        cx: rng.uniform(r + margin, size - r - margin),
        cy: rng.uniform(r + margin, size - r - margin),
      };
      if (placed.every((p) => apart(p, candidate, gap))) {
        placed.push(candidate);
        break;
      }
    }
  }
  return placed;
}

/** One scene, entirely determined by `seed` and `options`. */
export function generateScene(seed: number, options: SceneOptions = {}): Scene {
  const o = { ...DEFAULTS, ...options };
  if (!Number.isInteger(o.size) || o.size < 16)
    throw new Error(`scene size must be an integer >= 16, got ${o.size}`);
  if (o.minObjects < 1 || o.maxObjects < o.minObjects)
    throw new Error(`need 1 <= minObjects <= maxObjects, got ${o.minObjects} and ${o.maxObjects}`);
  if (o.maxObjects > 4 * COLORS.length) throw new Error(`at most ${4 * COLORS.length} objects`);
  if (!(o.gap >= 0)) throw new Error(`gap must be >= 0 (objects never overlap), got ${o.gap}`);
  const rng = new Random(seed);
  const { size } = o;
  const scale = size / 64;
  const count = rng.int(o.minObjects, o.maxObjects);
  const kinds = chooseKinds(count, rng, o.repeatShape);
  const placements = place(kinds, size, o.radius[0] * size, o.radius[1] * size, o.gap * scale, rng);

  const pixels = texturedBackground(size, size, rng);
  const objects: SceneObject[] = placements.map((p) => {
    const base = COLOR_RGB[p.color];
    const shade = rng.uniform(0.88, 1.08);
    const rgb = base.map((v) => Math.min(255, Math.round(v * shade + rng.uniform(-8, 8)))) as [
      number,
      number,
      number,
    ];
    const coverage = shapeCoverage(p.shape, p.cx, p.cy, p.r, size, size, o.supersample);
    const mask = new Uint8Array(size * size);
    const box = { x0: size, y0: size, x1: -1, y1: -1 };
    let area = 0;
    for (let j = 0; j < coverage.height; j++) {
      for (let i = 0; i < coverage.width; i++) {
        const c = coverage.values[j * coverage.width + i];
        if (c === 0) continue;
        const x = coverage.x + i;
        const y = coverage.y + j;
        const at = (y * size + x) * 3;
        for (let k = 0; k < 3; k++) pixels[at + k] = pixels[at + k] * (1 - c) + rgb[k] * c;
        if (c >= 0.5) {
          mask[y * size + x] = 1;
          area++;
          box.x0 = Math.min(box.x0, x);
          box.y0 = Math.min(box.y0, y);
          box.x1 = Math.max(box.x1, x);
          box.y1 = Math.max(box.y1, y);
        }
      }
    }
    return {
      color: p.color,
      shape: p.shape,
      center: { x: p.cx, y: p.cy },
      radius: p.r,
      rgb,
      box,
      mask,
      area,
    };
  });

  // Sensor noise over everything, objects included, so no colour is ever exactly constant.
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.max(0, Math.min(255, Math.round(pixels[i] + rng.uniform(-3, 3))));
  return {
    seed,
    width: size,
    height: size,
    image: { data, width: size, height: size, channels: 3 },
    objects,
  };
}

/** Seed of scene `index` of a set seeded `seed`: unrelated streams for neighbouring indices and sets. */
export function sceneSeed(seed: number, index: number): number {
  return hashSeed(seed, index);
}
