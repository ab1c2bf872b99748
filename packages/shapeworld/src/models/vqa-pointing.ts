import type { MapData } from '@gradcam/core';
import { pointingHits, unionMask } from '@gradcam/metrics';
import { explainAnswer, type VqaModel } from '@gradcam/vqa';
import type { QuestionType } from '../world/questions';
import type { Scene } from '../world/scene';
import { scenesToTensor } from './classifier-data';
import { FEATURES_LAYER } from './encoder';
import { STANDARD_TOLERANCE } from './pointing-game';
import type { SceneQuestion } from './vqa-data';

export interface VqaPointingFigures {
  /** Questions whose answer rests on objects (not "no, there is none", nor a count of zero). */
  questions: number;
  /** Share whose answer map peaks inside one of the objects the answer rests on. */
  insideMask: number;
  withinTolerance: { pixels: number; share: number };
  byType: Partial<Record<QuestionType, { questions: number; insideMask: number; withinTolerance: number }>>;
}

/**
 * The pointing game on a VQA model: Grad-CAM at `layer` of the right answer's score, a hit when
 * the map's maximum lies inside (or within `tolerance` pixels of) an object the answer rests on.
 */
export async function vqaPointingGame(
  model: VqaModel,
  scenes: readonly Scene[],
  questions: readonly SceneQuestion[],
  options: { layer?: string; tolerance?: number } = {},
): Promise<VqaPointingFigures> {
  const tolerance = options.tolerance ?? STANDARD_TOLERANCE;
  const counts: Partial<Record<QuestionType, { questions: number; inside: number; near: number }>> = {};
  for (const { scene: s, question } of questions) {
    if (question.objects.length === 0) continue;
    const scene = scenes[s];
    const image = scenesToTensor([scene]);
    let map: MapData;
    try {
      const result = await explainAnswer(model, image, question.text, {
        answer: question.answer,
        layer: options.layer ?? FEATURES_LAYER,
      });
      map = result.answers[0].map;
    } finally {
      image.dispose();
    }
    const masks = question.objects.map((i) => scene.objects[i].mask);
    const hits = pointingHits(map, unionMask(masks, map.width, map.height), { tolerance });
    counts[question.type] ??= { questions: 0, inside: 0, near: 0 };
    const c = counts[question.type]!;
    c.questions++;
    if (hits.inside) c.inside++;
    if (hits.near) c.near++;
  }
  const all = Object.values(counts).reduce(
    (a, c) => ({ questions: a.questions + c.questions, inside: a.inside + c.inside, near: a.near + c.near }),
    { questions: 0, inside: 0, near: 0 },
  );
  const share = (n: number, of: number) => (of ? n / of : 0);
  return {
    questions: all.questions,
    insideMask: share(all.inside, all.questions),
    withinTolerance: { pixels: tolerance, share: share(all.near, all.questions) },
    byType: Object.fromEntries(
      Object.entries(counts).map(([type, c]) => [
        type,
        {
          questions: c.questions,
          insideMask: share(c.inside, c.questions),
          withinTolerance: share(c.near, c.questions),
        },
      ]),
    ),
  };
}
