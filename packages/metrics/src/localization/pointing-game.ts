import type { MapData } from '@gradcam/core';
import { checkGrid, checkMapMask, fail } from '../checks';
import type { Mask } from '../types';

/**
 * Zhang et al.'s tolerance, 15 pixels at 224, scaled to an image of this size (its longer side)
 * and rounded: 4 pixels at ShapeWorld's 64. With it, a map that peaks on an object's outline from
 * the outside still counts.
 */
export function zhangTolerance(width: number, height: number): number {
  return Math.round((15 * Math.max(width, height)) / 224);
}

export interface PointingGameOptions {
  /**
   * Euclidean radius in pixels (between pixel centres) around the mask that still counts as a
   * hit; 0 (default) requires the point inside the mask. Zhang et al. used 15 pixels at 224
   * (`zhangTolerance`).
   */
  tolerance?: number;
  /**
   * Which maximum points when several pixels share it. `first` (default) is the row-major
   * argmax, as `np.argmax` and the common implementations take it; `any` scores a hit if any tied
   * maximum hits, which flatters flat maps (a uniform map hits every non-empty mask).
   */
  ties?: 'first' | 'any';
}

export interface PointingGameResult {
  hit: boolean;
  /** The pixel that points (with `ties: 'any'`, the hitting one if there is one). */
  point: { x: number; y: number };
  /** Distance from `point` to the nearest mask pixel (0 inside, Infinity for an empty mask). */
  distance: number;
  /** How many pixels share the maximum. */
  tiedMaxima: number;
}

/** The pointing game (Zhang et al., 2016): does the map's maximum fall on the object? */
export function pointingGame(
  map: MapData,
  mask: Mask,
  options: PointingGameOptions = {},
): PointingGameResult {
  checkMapMask(map, mask);
  const tolerance = options.tolerance ?? 0;
  const ties = options.ties ?? 'first';
  if (!(tolerance >= 0)) fail(`tolerance must be a non-negative number of pixels, got ${tolerance}`);
  const max = map.data[mapPeak(map).index];
  const maxima: number[] = [];
  map.data.forEach((v, i) => {
    if (v === max) maxima.push(i);
  });
  const candidates = ties === 'first' ? maxima.slice(0, 1) : maxima;
  let best = { index: candidates[0], distance: Number.POSITIVE_INFINITY };
  for (const index of candidates) {
    const distance = distanceToMask(mask, index % map.width, Math.floor(index / map.width));
    if (distance < best.distance) best = { index, distance };
    if (distance === 0) break;
  }
  return {
    hit: best.distance <= tolerance,
    point: { x: best.index % map.width, y: Math.floor(best.index / map.width) },
    distance: best.distance,
    tiedMaxima: maxima.length,
  };
}

/**
 * Where a map is largest: the first maximum in row-major order (as np.argmax takes it), the one
 * point the pointing game scores. A map with no finite maximum (all NaN or -Infinity) is refused.
 */
export function mapPeak(map: MapData): { index: number; x: number; y: number } {
  checkGrid(map, 'the map');
  let index = -1;
  let max = Number.NEGATIVE_INFINITY;
  map.data.forEach((v, i) => {
    if (v > max) {
      max = v;
      index = i;
    }
  });
  if (index < 0) fail('the map has no finite maximum');
  return { index, x: index % map.width, y: Math.floor(index / map.width) };
}

/**
 * The pointing game as the evaluations report it, strict and with Zhang et al.'s tolerance
 * scaled to the mask's size, from one maximum: `inside` when it lies in the mask, `near` when
 * within `tolerance` pixels of it (default `zhangTolerance` of the mask).
 */
export function pointingHits(
  map: MapData,
  mask: Mask,
  options: { tolerance?: number } = {},
): { inside: boolean; near: boolean; tolerance: number; distance: number; point: { x: number; y: number } } {
  const tolerance = options.tolerance ?? zhangTolerance(mask.width, mask.height);
  const { distance, point } = pointingGame(map, mask);
  return { inside: distance === 0, near: distance <= tolerance, tolerance, distance, point };
}

/** Brute force is fine: it runs once per pointing point, and masks are image-sized. */
function distanceToMask(mask: Mask, x: number, y: number): number {
  if (mask.data[y * mask.width + x]) return 0;
  let best = Number.POSITIVE_INFINITY;
  for (let my = 0; my < mask.height; my++) {
    for (let mx = 0; mx < mask.width; mx++) {
      if (!mask.data[my * mask.width + mx]) continue;
      const d = (mx - x) ** 2 + (my - y) ** 2;
      if (d < best) best = d;
    }
  }
  return Math.sqrt(best);
}
