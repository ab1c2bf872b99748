import type { ClassScore } from '../explain/class-scores';

/** One explained class of an item: where its map is and where it points. */
export interface RowMap extends ClassScore {
  method: string;
  label?: string;
  /** The 15% box of the map at the image's size, or null for an empty map. */
  box: { x0: number; y0: number; x1: number; y1: number } | null;
  /** float32 [h, w] at the explained layer's grid, relative to the output folder. */
  npy: string;
  grid: [number, number];
  /** The overlay, with --overlay. */
  overlay?: string;
}

/** One line of index.jsonl: everything about one item, failed or not. */
export interface IndexRow {
  id: string;
  image: string;
  status: 'ok' | 'failed';
  width?: number;
  height?: number;
  topClasses?: ClassScore[];
  maps?: RowMap[];
  error?: string;
  timing: { explainMs: number; totalMs: number };
  /** Who explained it: host, process and thread, for a run spread over machines. */
  worker: string;
  /** The worker's live TF.js tensors and resident memory after the item: flat over a healthy run. */
  memory: { tensors: number; rssMB: number };
}
