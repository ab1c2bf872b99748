import type { ReportSection } from '@gradcam/render';
import { askQuestions } from '@gradcam/shapeworld';
import { explainAnswer, type VqaModel } from '@gradcam/vqa';
import { gradeMap } from '../shapeworld/ground-truth';
import { type GradedItem, objectsOf, panelOf, type SceneContext, sectionMeta } from './scene-context';

export interface AnsweredQuestion {
  question: string;
  truth: string;
  answer: string;
  probability: number;
  correct: boolean;
  map: GradedItem;
  words: { word: string; score: number }[];
}

/** The VQA model's answers to the scene's first `count` generated questions, each map graded. */
export async function vqaTask(
  context: SceneContext,
  model: VqaModel,
  count: number,
): Promise<{ questions: AnsweredQuestion[]; sections: ReportSection[] }> {
  const { scene, method, outputSize } = context;
  const questions: AnsweredQuestion[] = [];
  const sections: ReportSection[] = [];
  for (const q of askQuestions(scene).slice(0, count)) {
    const result = await explainAnswer(model, context.input, q.text, { method, top: 1, outputSize });
    const a = result.answers[0];
    const grade = gradeMap(a.map, objectsOf(scene, q.objects));
    const words = a.wordImportance.map((w) => ({ word: w.word, score: w.score }));
    questions.push({
      question: q.text,
      truth: q.answer,
      answer: a.answer,
      probability: a.probability,
      correct: a.answer === q.answer,
      map: { label: a.answer, score: a.score, grade },
      words,
    });
    const panel = await panelOf(context, a.answer, a.map, grade, {
      score: a.score,
      probability: a.probability,
      questionWords: words,
      notes: [`the true answer: ${q.answer} (${q.type} question)`],
    });
    const meta = sectionMeta(context, `question: ${q.text}`, 'ShapeWorld VQA model', result.timeMs);
    sections.push({
      image: scene.image,
      kind: 'answers',
      panels: [panel],
      group: `scene ${context.seed}`,
      meta: { ...meta, title: `scene ${context.seed}: ${q.text}` },
    });
  }
  return { questions, sections };
}
