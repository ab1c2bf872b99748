import type { Box } from '@gradcam/core';
import type { RgbImage } from '@gradcam/render';
import type { ColorName, ShapeName } from './palette';

export interface SceneObject {
  color: ColorName;
  shape: ShapeName;
  /** Centre in continuous pixel coordinates (pixel (0, 0) spans [0, 1) x [0, 1)). */
  center: { x: number; y: number };
  /** Half-size of the shape's bounding square, in pixels. */
  radius: number;
  /** The colour actually painted: the named colour with a small per-object shade. */
  rgb: [number, number, number];
  /** Inclusive pixel bounds of the mask. */
  box: Box;
  /** 1 where at least half of the pixel is covered by the shape, row-major at image size. */
  mask: Uint8Array;
  /** Number of mask pixels. */
  area: number;
}

export interface Scene {
  /** The seed that generates exactly this scene again (with the same options). */
  seed: number;
  width: number;
  height: number;
  /** 8-bit RGB, row-major. */
  image: RgbImage;
  /**
   * The objects, at most one per (colour, shape) pair, so that "the red circle" always names
   * one object; masks never overlap.
   */
  objects: SceneObject[];
}
