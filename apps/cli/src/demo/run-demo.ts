import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classTarget, explain } from '@gradcam/core';
import { toTensor, writeImage } from '@gradcam/render';
import { getBackend, type Tensor4D } from '@tensorflow/tfjs-core';
import { demoPage } from '../report/demo-page';
import { overlayPng } from '../report/images';
import { writeReportPage } from '../report/write-page';
import { COLOUR_MAPS_LAYER, type ColourDetector, colourDetector } from './colour-detector';
import { COLOURS, type Colour } from './colours';
import { gradeMap } from './grade-map';
import { seededRng } from './rng';
import { drawScene } from './scene';
import type { ObjectResult, SceneResult } from './summary';

export interface DemoRun {
  /** Output folder, created if missing. */
  out: string;
  method: string;
  /** Side of the square scenes, in pixels. */
  size: number;
  scenes: number;
  seed: number;
  /** Called after each scene, e.g. to advance a progress bar. */
  onScene?: (scene: number) => void;
}

/**
 * Draws the scenes, explains every object's colour with the hand-made detector, grades each map
 * against the object's true box and mask, and writes the images and a report page per scene. Scenes come from one seeded
 * stream, so scene 1 is the same whatever the number of scenes.
 */
export async function explainScenes(run: DemoRun): Promise<SceneResult[]> {
  const model = colourDetector();
  const rng = seededRng(run.seed);
  const results: SceneResult[] = [];
  try {
    for (let index = 1; index <= run.scenes; index++) {
      const scene = drawScene(run.size, rng);
      const image = `scene-${index}.png`;
      await writeImage(join(run.out, image), scene.image);
      // Pixels scaled to [0,1], NHWC [1, size, size, 3]: what the detector's weights assume.
      const input = toTensor(scene.image);
      const objects: ObjectResult[] = [];
      const overlays: Uint8Array[] = [];
      let logits: Record<Colour, number>;
      try {
        logits = await classLogits(model, input);
        for (const object of scene.objects) {
          const target = classTarget(COLOURS.indexOf(object.colour), { label: object.colour });
          const explanation = await explain(model, input, target, { method: run.method });
          const { map, score } = explanation.maps[0];
          const overlay = `scene-${index}-${object.colour}.png`;
          const png = await overlayPng(scene.image, map, 'jet');
          await writeFile(join(run.out, overlay), png);
          overlays.push(png);
          objects.push({
            colour: object.colour,
            shape: object.shape,
            box: object.box,
            ...gradeMap(map, object),
            score,
            timeMs: explanation.timeMs,
            overlay,
          });
        }
      } finally {
        input.dispose();
      }
      const report = `scene-${index}.html`;
      await writeReportPage(
        join(run.out, report),
        demoPage({
          index,
          image: scene.image,
          objects,
          overlays,
          method: run.method,
          layer: COLOUR_MAPS_LAYER,
          backend: getBackend(),
          seed: run.seed,
        }),
      );
      results.push({ scene: index, image, report, logits, objects });
      run.onScene?.(index);
    }
  } finally {
    model.dispose();
  }
  return results;
}

/** The detector's three logits on a scene: its verdict on each colour (positive = present). */
async function classLogits(model: ColourDetector, input: Tensor4D): Promise<Record<Colour, number>> {
  const logits = model.predict(input);
  const values = await logits.data();
  logits.dispose();
  return Object.fromEntries(COLOURS.map((c, i) => [c, values[i]])) as Record<Colour, number>;
}
