/**
 * The colours and shapes of ShapeWorld. The order of these lists is the order of every vocabulary
 * and class list derived from them, so it never changes.
 */
export const COLORS = ['red', 'green', 'blue', 'yellow', 'purple'] as const;
export type ColorName = (typeof COLORS)[number];

/**
 * Cross rather than diamond as the fourth shape: at 12 pixels across a diamond and a circle differ
 * by a few edge pixels, a cross by its whole outline, so "shape" stays a question about shape and
 * not about anti-aliasing noise.
 */
export const SHAPES = ['circle', 'square', 'triangle', 'cross'] as const;
export type ShapeName = (typeof SHAPES)[number];

export const SHAPE_PLURALS: Record<ShapeName, string> = {
  circle: 'circles',
  square: 'squares',
  triangle: 'triangles',
  cross: 'crosses',
};

/**
 * Saturated colours far apart in hue, each bright enough against the darker, desaturated
 * backgrounds (see background.ts) that no colour can pass for background texture.
 */
export const COLOR_RGB: Record<ColorName, readonly [number, number, number]> = {
  red: [222, 44, 38],
  green: [46, 184, 64],
  blue: [48, 96, 234],
  yellow: [236, 212, 42],
  purple: [158, 62, 206],
};
