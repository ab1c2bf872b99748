import { boxIoU, localize, type MapData } from '@gradcam/core';
import { pointingHits, unionMask } from '@gradcam/metrics';
import { COLORS, type Question, type Scene, SHAPE_PLURALS, SHAPES } from '@gradcam/shapeworld';

const SHAPE_OF = new Map<string, string>(
  SHAPES.flatMap((s) => [[s, s] as const, [SHAPE_PLURALS[s], s] as const]),
);
const isColor = (word: string | undefined) => (COLORS as readonly string[]).includes(word ?? '');

const matching = (scene: Scene, test: (o: Scene['objects'][number]) => boolean) =>
  scene.objects.flatMap((o, i) => (test(o) ? [i] : []));

/**
 * The objects each word of a caption names, as ShapeWorld's own captions link them: a shape word
 * (after its colour, if any) names the objects of that colour and shape, and the colour word the
 * same ones. Other words name none (undefined).
 */
export function wordObjects(scene: Scene, words: readonly string[]): (number[] | undefined)[] {
  const links: (number[] | undefined)[] = words.map(() => undefined);
  words.forEach((word, i) => {
    const shape = SHAPE_OF.get(word);
    if (!shape) return;
    const color = isColor(words[i - 1]) ? words[i - 1] : undefined;
    const objects = matching(scene, (o) => o.shape === shape && (color === undefined || o.color === color));
    if (objects.length === 0) return;
    links[i] = objects;
    if (color) links[i - 1] = objects;
  });
  return links;
}

/** The objects of a class of the reference classifier (a shape): every object of that shape. */
export function classObjects(scene: Scene, label: string): number[] | undefined {
  const objects = matching(scene, (o) => o.shape === label);
  return objects.length > 0 ? objects : undefined;
}

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[?!.,]/g, '')
    .trim()
    .split(/\s+/)
    .join(' ');

/** The scene's generated question that this text asks, whatever its case and punctuation. */
export function findQuestion(questions: readonly Question[], text: string): Question | undefined {
  return questions.find((q) => normalise(q.text) === normalise(text));
}

/** The objects a question's answer rests on, when it is one of the scene's generated questions. */
export function questionObjects(questions: readonly Question[], text: string): number[] | undefined {
  const found = findQuestion(questions, text);
  return found && found.objects.length > 0 ? found.objects : undefined;
}

export interface GroundTruthMetrics {
  /** The map's maximum lies inside the mask of one of the objects (the pointing game). */
  pointingHit: boolean;
  /** IoU of the paper's 15%-threshold box with the best-matching object's box. */
  boxIoU: number;
}

/** Where the map points against the true objects; maps must be at the scene's size. */
export function groundTruthMetrics(
  scene: Scene,
  objects: readonly number[],
  map: MapData,
): GroundTruthMetrics {
  const masks = objects.map((i) => scene.objects[i].mask);
  const box = localize(map);
  return {
    pointingHit: pointingHits(map, unionMask(masks, scene.width, scene.height)).inside,
    boxIoU: box ? Math.max(...objects.map((i) => boxIoU(box, scene.objects[i].box))) : 0,
  };
}
