import { setOnnxRuntimeThreads } from '@gradcam/onnx';
import { type ChunkOutcome, explainChunk } from './explain-chunk';
import type { BatchItem } from './items';
import type { BatchSettings } from './settings';

export interface ChunkTask {
  items: BatchItem[];
  settings: BatchSettings;
  out: string;
  /** Cores this thread's onnxruntime session may use: the machine's, shared among the threads. */
  coresPerThread: number;
}

/**
 * A worker thread of the pool (its own TF.js engine, backend and model, loaded by its first chunk):
 * piscina calls this once per chunk.
 */
export default function explainChunkTask(task: ChunkTask): Promise<ChunkOutcome[]> {
  setOnnxRuntimeThreads(task.coresPerThread);
  return explainChunk(task.items, task.settings, task.out);
}
