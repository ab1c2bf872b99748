import type { Box } from '@gradcam/core';
import { formatTable } from '../table';
import type { DemoSummary } from './summary';

const formatBox = (b: Box | null) => (b ? `(${b.x0},${b.y0})-(${b.x1},${b.y1})` : 'none');
const percent = (x: number) => `${Math.round(100 * x)}%`;

/** The human report of a demo run: one row per explained object, then the two scores. */
export function demoReport(summary: DemoSummary, outDir: string): string[] {
  const rows = summary.scenes.flatMap((scene) =>
    scene.objects.map((o) => [
      String(scene.scene),
      `${o.colour} ${o.shape}`,
      o.score.toFixed(2),
      formatBox(o.box),
      formatBox(o.predictedBox),
      o.iou.toFixed(2),
      o.hit ? 'yes' : 'NO',
      o.timeMs.toFixed(0),
    ]),
  );
  const { hits, total, accuracy } = summary.pointingGame;
  const overlays = rows.length;
  return [
    ...formatTable(['scene', 'object', 'logit', 'true box', '15% box', 'IoU', 'peak on object', 'ms'], rows),
    '',
    `pointing game: ${hits}/${total} map peaks on their object (${percent(accuracy)}); mean IoU of the 15% box: ${summary.meanIoU.toFixed(2)}`,
    `wrote ${summary.scenes.length} scenes (scene-N.png), ${overlays} overlays (scene-N-<colour>.png), a report page per scene (scene-N.html) and summary.json to ${outDir}`,
  ];
}
