import { join } from 'node:path';
import { writeImage } from '@gradcam/render';
import { generateScene, type Scene } from '@gradcam/shapeworld';

/** A generated scene written as a PNG, so that it goes through the same path as a user's image. */
export interface SceneFile {
  file: string;
  scene: Scene;
}

/** The seeds of `count` scenes from `seed` on: scene k is `seed + k`, whatever the count. */
export function sceneSeeds(seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => seed + k);
}

/**
 * Generates the scenes of `seeds` (64x64, as the reference models were trained on) and writes
 * each as `scene-<seed>.png` into `out`. PNG is lossless, so the image read back is the scene's.
 */
export async function writeGeneratedScenes(out: string, seeds: readonly number[]): Promise<SceneFile[]> {
  const scenes: SceneFile[] = [];
  for (const seed of seeds) {
    const scene = generateScene(seed);
    const file = join(out, `scene-${seed}.png`);
    await writeImage(file, scene.image);
    scenes.push({ file, scene });
  }
  return scenes;
}
