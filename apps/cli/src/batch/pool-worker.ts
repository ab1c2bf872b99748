import { type ChunkOutcome, explainChunk } from './explain-chunk';
import type { BatchItem } from './items';
import type { BatchSettings } from './settings';

export interface ChunkTask {
  items: BatchItem[];
  settings: BatchSettings;
  out: string;
}

/**
 * A worker thread of the pool (its own TF.js engine, backend and model, loaded by its first chunk):
 * piscina calls this once per chunk.
 */
export default function explainChunkTask(task: ChunkTask): Promise<ChunkOutcome[]> {
  return explainChunk(task.items, task.settings, task.out);
}
