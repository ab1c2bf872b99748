import type { Box } from '@gradcam/core';
import type { ReportInput, RgbImage } from '@gradcam/render';
import type { ObjectResult } from '../demo/summary';

export interface DemoPageData {
  index: number;
  image: RgbImage;
  objects: ObjectResult[];
  /** One overlay per object, as written to the files. */
  overlays: Uint8Array[];
  method: string;
  layer: string;
  backend: string;
  seed: number;
}

const boxText = (b: Box | null) => (b ? `(${b.x0},${b.y0})-(${b.x1},${b.y1})` : 'none');

/**
 * The page of one demo scene: each object is a panel with its map and, since the scene's truth is
 * known, how well the map finds the object (pointing game, IoU of the paper's 15% box).
 */
export function demoPage(data: DemoPageData): ReportInput {
  return {
    image: data.image,
    kind: 'classes',
    panels: data.objects.map((o, k) => ({
      label: `${o.colour} ${o.shape}`,
      score: o.score,
      notes: [`the detector's ${o.colour} logit, explained`],
      maps: { [data.method]: data.overlays[k] },
      metrics: {
        'peak on the object (pointing game)': o.hit,
        'IoU of the 15% box with the true box': o.iou,
        'true box': boxText(o.box),
        '15% box': boxText(o.predictedBox),
      },
    })),
    meta: {
      title: `scene-${data.index}.png`,
      subtitle: 'Where does the colour detector see each colour?',
      command: 'gradcam demo',
      layers: [data.layer],
      backend: data.backend,
      model: 'hand-made colour detector (red, green, blue)',
      timeMs: data.objects.reduce((sum, o) => sum + o.timeMs, 0),
      colormap: 'jet',
      scoreName: 'logit',
      details: { seed: String(data.seed) },
    },
  };
}
