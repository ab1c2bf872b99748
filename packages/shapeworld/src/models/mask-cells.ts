import type { Scene } from '../world/scene';

/**
 * Mask pixels of `scene.objects[index]` in each cell of a `grid` x `grid` feature map over the
 * image (row-major): where the object lies at the resolution of the encoder's `features`.
 */
export function maskCellCounts(scene: Scene, index: number, grid: number): Float32Array {
  const counts = new Float32Array(grid * grid);
  const scale = scene.width / grid;
  scene.objects[index].mask.forEach((v, p) => {
    if (!v) return;
    counts[Math.floor(Math.floor(p / scene.width) / scale) * grid + Math.floor((p % scene.width) / scale)]++;
  });
  return counts;
}
