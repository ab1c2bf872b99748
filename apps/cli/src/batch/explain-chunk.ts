import { useBackend } from '../backend';
import { assertLabelsFit } from '../explain/labels-file';
import { checkBeforeImages } from '../explain/preflight';
import { type OpenModel, openModel } from '../model/open-model';
import { DurableWrites } from './durable-file';
import { explainItem } from './explain-item';
import type { BatchItem } from './items';
import { hasRow, writeRow } from './row-store';
import type { BatchSettings } from './settings';

/** What a chunk did, per item, for the caller's progress and counts. */
export interface ChunkOutcome {
  id: string;
  status: 'ok' | 'failed' | 'skipped';
}

/** One model per thread, loaded by its first chunk and kept for the next ones of the same run. */
/** Items between two flushes of a long chunk (a run on one thread is one chunk). */
const FLUSH_EVERY = 16;

let loaded: { key: string; model: Promise<OpenModel> } | undefined;

/** The model the settings name, on the backend they name; what fails here fails the whole run. */
export function modelFor(settings: BatchSettings): Promise<OpenModel> {
  const key = JSON.stringify([settings.model, settings.layers, settings.output, settings.backend]);
  if (loaded?.key === key) return loaded.model;
  const previous = loaded?.model;
  const model = (async () => {
    (await previous?.catch(() => undefined))?.dispose();
    await useBackend(settings.backend);
    return openModel(settings.model, { layers: settings.layers, output: settings.output });
  })();
  loaded = { key, model };
  return model;
}

/** The model, checked against what the run asks of it (classes, labels) before any item. */
export async function checkedModel(settings: BatchSettings): Promise<OpenModel> {
  const model = await modelFor(settings);
  checkBeforeImages(model, settings.choice, false);
  if (settings.labels) {
    const { names, from } = settings.labels;
    assertLabelsFit({ classNames: names, classNamesFrom: from }, model.outputShape?.at(-1));
  }
  return model;
}

/**
 * Explains the items of a chunk one after the other into `out`, each row written whole after
 * its maps, all on disk when this resolves. An item that already has a row is skipped: a chunk retried after its worker died, or a
 * resumed run, recomputes nothing finished and writes no row twice. `onItem` follows each item.
 */
export async function explainChunk(
  items: readonly BatchItem[],
  settings: BatchSettings,
  out: string,
  onItem?: (outcome: ChunkOutcome) => void,
): Promise<ChunkOutcome[]> {
  const model = await checkedModel(settings);
  const outcomes: ChunkOutcome[] = [];
  const writes = new DurableWrites();
  for (const item of items) {
    let outcome: ChunkOutcome;
    if (hasRow(out, item.id)) outcome = { id: item.id, status: 'skipped' };
    else {
      const row = await explainItem(model, item, settings, out, writes);
      await writeRow(out, row, writes);
      outcome = { id: item.id, status: row.status };
    }
    outcomes.push(outcome);
    if (outcomes.length % FLUSH_EVERY === 0) await writes.flush();
    onItem?.(outcome);
  }
  // Before the caller acknowledges the chunk (to BullMQ, or by merging the index): on disk.
  await writes.flush();
  return outcomes;
}
