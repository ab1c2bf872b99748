import type { Box } from '@gradcam/core';
import type { Colour } from './colours';
import type { ShapeKind } from './scene';

/** One explained object: what summary.json records and the table prints. */
export interface ObjectResult {
  colour: Colour;
  shape: ShapeKind;
  /** The object's true bounding box (inclusive pixels). */
  box: Box;
  /** The 15%-threshold box of the map, null when the map is all zero. */
  predictedBox: Box | null;
  iou: number;
  /** Pointing game: the map's maximum lies on the object. */
  hit: boolean;
  peak: { x: number; y: number };
  /** The explained logit. */
  score: number;
  /** Time of the explain() call. */
  timeMs: number;
  /** The overlay's file name in the output folder. */
  overlay: string;
}

export interface SceneResult {
  scene: number;
  image: string;
  /** The scene's report page: its objects, their maps and how well each finds its object. */
  report: string;
  /** The detector's logits on the whole scene, one per colour (positive = present). */
  logits: Record<Colour, number>;
  objects: ObjectResult[];
}

export interface DemoSummary {
  command: 'gradcam demo';
  version: string;
  backend: { name: string; reason: string };
  method: string;
  model: { name: string; layer: string; classes: readonly Colour[] };
  size: number;
  seed: number;
  scenes: SceneResult[];
  pointingGame: { hits: number; total: number; accuracy: number };
  meanIoU: number;
}

export function summarize(
  results: SceneResult[],
  run: Omit<DemoSummary, 'command' | 'scenes' | 'pointingGame' | 'meanIoU'>,
): DemoSummary {
  const objects = results.flatMap((s) => s.objects);
  const hits = objects.filter((o) => o.hit).length;
  const total = objects.length;
  return {
    command: 'gradcam demo',
    ...run,
    scenes: results,
    pointingGame: { hits, total, accuracy: total ? hits / total : 0 },
    meanIoU: total ? objects.reduce((sum, o) => sum + o.iou, 0) / total : 0,
  };
}
