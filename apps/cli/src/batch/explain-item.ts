import { join } from 'node:path';
import { localize } from '@gradcam/core';
import { encodePng, overlayHeatmap } from '@gradcam/render';
import * as tf from '@tensorflow/tfjs-core';
import { ranked } from '../explain/class-scores';
import { explainImage, type ImageExplanation } from '../explain/explain-image';
import { encodeNpy } from '../explain/npy';
import type { OpenModel } from '../model/open-model';
import type { DurableWrites } from './durable-file';
import type { IndexRow, RowMap } from './index-row';
import type { BatchItem } from './items';
import { MAPS } from './row-store';
import type { BatchSettings } from './settings';
import { workerName } from './worker-name';

const TOP_CLASSES = 5;

/**
 * The seam between a batch run and the CLI's per-image explanation (`explainImage`): one item,
 * every method, its maps written whole to maps/ (through `writes`) before the row that lists them is returned. A
 * failure of the item becomes a failed row, never an exception: the run goes on.
 */
export async function explainItem(
  model: OpenModel,
  item: BatchItem,
  settings: BatchSettings,
  out: string,
  writes: DurableWrites,
): Promise<IndexRow> {
  const started = performance.now();
  const done = (fields: Partial<IndexRow>, explainMs: number): IndexRow => ({
    id: item.id,
    image: item.image,
    status: 'ok',
    ...fields,
    timing: { explainMs, totalMs: performance.now() - started },
    worker: workerName(),
    memory: { tensors: tf.memory().numTensors, rssMB: Math.round(process.memoryUsage.rss() / 2 ** 20) },
  });
  let explainMs = 0;
  try {
    const choice = item.classes ? { kind: 'classes' as const, indices: item.classes } : settings.choice;
    const maps: RowMap[] = [];
    let first: ImageExplanation | undefined;
    for (const method of settings.methods) {
      const result = await explainImage(model, item.image, {
        method,
        choice,
        preset: settings.preset,
        counterfactual: false,
        guided: false,
        verify: settings.verify,
        maxSide: settings.maxSide,
      });
      first ??= result;
      explainMs += result.explanation.timeMs;
      for (const entry of result.explanation.maps) {
        const score = result.explained[entry.target];
        maps.push(await writeMap(entry, score, method, result.image, item.id, settings, { out, writes }));
      }
    }
    if (!first) throw new Error('no method to explain with');
    return done(
      {
        width: first.image.width,
        height: first.image.height,
        topClasses: ranked(first.scores).slice(0, TOP_CLASSES),
        maps,
      },
      explainMs,
    );
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
    return done({ status: 'failed', error: message }, explainMs);
  }
}

type Entry = ImageExplanation['explanation']['maps'][number];
type Score = ImageExplanation['explained'][number];

async function writeMap(
  entry: Entry,
  score: Score,
  method: string,
  image: ImageExplanation['image'],
  id: string,
  settings: BatchSettings,
  { out, writes }: { out: string; writes: DurableWrites },
): Promise<RowMap> {
  const stem = `${MAPS}/${id}-${method}-${score.class}`;
  const { lowres } = entry;
  await writes.write(join(out, `${stem}.npy`), encodeNpy(lowres.data, [lowres.height, lowres.width]));
  const located = localize(entry.map);
  const row: RowMap = {
    ...score,
    method,
    ...(settings.labels?.names[score.class] === undefined
      ? {}
      : { label: settings.labels.names[score.class] }),
    box: located ? { x0: located.x0, y0: located.y0, x1: located.x1, y1: located.y1 } : null,
    npy: `${stem}.npy`,
    grid: [lowres.height, lowres.width],
  };
  if (settings.overlay) {
    const overlay = overlayHeatmap(image, entry.map, { colormap: settings.colormap });
    await writes.write(join(out, `${stem}.png`), await encodePng(overlay));
    row.overlay = `${stem}.png`;
  }
  return row;
}
