import { type Captioner, explainCaption } from '@gradcam/captioning';
import type { ReportPanel, ReportSection } from '@gradcam/render';
import { gradeMap } from '../shapeworld/ground-truth';
import { captionWordObjects } from './caption-links';
import { type GradedItem, objectsOf, panelOf, type SceneContext, sectionMeta } from './scene-context';

/** The captioner's caption of the scene, a map per word, each word naming objects graded. */
export async function captionTask(
  context: SceneContext,
  captioner: Captioner,
): Promise<{ caption: { text: string; words: GradedItem[] }; section: ReportSection }> {
  const { scene, method, outputSize } = context;
  const result = await explainCaption(captioner, context.input, { method, outputSize });
  const links = captionWordObjects(result.tokens, scene);
  const panels: ReportPanel[] = [];
  const words: GradedItem[] = [];
  for (const w of result.words) {
    const grade = gradeMap(w.map, objectsOf(scene, links[w.index] ?? []));
    words.push({ label: w.word, score: w.logProb, grade });
    panels.push(
      await panelOf(context, w.word, w.map, grade, {
        logProb: w.logProb,
        notes: [grade ? `names ${grade.objects.join(', ')}` : 'names no object of the scene'],
      }),
    );
  }
  panels.push(
    await panelOf(context, 'whole caption', result.captionMap.map, undefined, {
      logProb: result.captionMap.logProb,
    }),
  );
  const meta = sectionMeta(context, `caption: ${result.caption}`, 'ShapeWorld captioner', result.timeMs);
  return {
    caption: { text: result.caption, words },
    section: {
      image: scene.image,
      kind: 'words',
      panels,
      group: `scene ${context.seed}`,
      meta: { ...meta, scoreName: 'log p' },
    },
  };
}
