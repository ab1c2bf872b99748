import { setOnnxRuntimeThreads } from '@gradcam/onnx';
import { type ChunkOutcome, checkedModel, explainChunk } from './explain-chunk';
import type { BatchItem } from './items';
import type { BatchSettings } from './settings';

export interface PoolTask {
  /** The chunk; none: only load and check the model (ExplainPool.check). */
  items: BatchItem[];
  settings: BatchSettings;
  out: string;
  /** Cores this thread's onnxruntime session may use: the machine's, shared among the threads. */
  coresPerThread: number;
}

/**
 * A worker thread of the pool (its own TF.js engine, backend and model, loaded by its first task):
 * piscina calls this once per task.
 */
export default async function explainChunkTask(task: PoolTask): Promise<ChunkOutcome[]> {
  setOnnxRuntimeThreads(task.coresPerThread);
  if (task.items.length === 0) {
    await checkedModel(task.settings);
    return [];
  }
  return explainChunk(task.items, task.settings, task.out);
}
