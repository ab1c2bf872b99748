import { classTarget, explain } from '@gradcam/core';
import type { ReportPanel, ReportSection } from '@gradcam/render';
import { CLASSIFIER_CLASSES, type LoadedClassifier } from '@gradcam/shapeworld';
import type { LayersAdapter } from '@gradcam/tfjs';
import type { Tensor } from '@tensorflow/tfjs-core';
import { gradeMap } from '../shapeworld/ground-truth';
import { type GradedItem, panelOf, type SceneContext, sectionMeta } from './scene-context';

/** The classifier's four classes, best first, a map each; a present class's map graded. */
export async function classifierTask(
  context: SceneContext,
  model: LoadedClassifier['model'],
  adapter: LayersAdapter,
): Promise<{ classes: (GradedItem & { present: boolean })[]; section: ReportSection }> {
  const { scene, input, method, outputSize } = context;
  const logits = model.predict(input) as Tensor;
  const scores = Array.from(await logits.data());
  logits.dispose();
  const targets = CLASSIFIER_CLASSES.map((_, c) => classTarget(c));
  const explanation = await explain(adapter, input, targets, { method, outputSize });
  const order = CLASSIFIER_CLASSES.map((_, c) => c).sort((a, b) => scores[b] - scores[a]);
  const classes: (GradedItem & { present: boolean })[] = [];
  const panels: ReportPanel[] = [];
  for (const c of order) {
    const shape = CLASSIFIER_CLASSES[c];
    const map = explanation.maps.find((m) => m.target === c)!.map;
    const objects = scene.objects.filter((o) => o.shape === shape);
    const grade = gradeMap(map, objects);
    classes.push({ label: shape, score: scores[c], present: objects.length > 0, grade });
    panels.push(
      await panelOf(context, shape, map, grade, {
        score: scores[c],
        probability: 1 / (1 + Math.exp(-scores[c])),
        notes: [
          objects.length ? 'in the scene' : 'not in the scene',
          'probability: sigmoid of the logit (multi-label)',
        ],
        ...(grade ? {} : { metrics: { 'in the scene': false } }),
      }),
    );
  }
  const meta = sectionMeta(context, 'classifier', 'ShapeWorld shape classifier', explanation.timeMs);
  return {
    classes,
    section: {
      image: scene.image,
      kind: 'classes',
      panels,
      group: `scene ${context.seed}`,
      meta: { ...meta, scoreName: 'logit' },
    },
  };
}
