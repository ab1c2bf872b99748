import { explainCaption } from '@gradcam/captioning';
import { classTarget, explain, type MapData } from '@gradcam/core';
import type { ReportPanel, ReportSection } from '@gradcam/render';
import {
  askQuestions,
  CLASSIFIER_CLASSES,
  FEATURES_LAYER,
  generateScene,
  loadClassifier,
  loadReferenceCaptioner,
  loadReferenceVqa,
  type Scene,
  scenesToTensor,
} from '@gradcam/shapeworld';
import { layersModelAdapter } from '@gradcam/tfjs';
import { explainAnswer } from '@gradcam/vqa';
import type { Tensor } from '@tensorflow/tfjs-core';
import { overlayPng } from '../report/images';
import { gradeMap, gradeMetrics, type TruthGrade } from '../shapeworld/ground-truth';
import { captionWordObjects } from './caption-links';

/** One explained thing (a word, an answer, a class) with its grade when the scene says where it is. */
export interface GradedItem {
  label: string;
  score: number;
  grade?: TruthGrade;
}

export interface SceneJob {
  seed: number;
  objects: string[];
  caption?: { text: string; words: GradedItem[] };
  questions: {
    question: string;
    truth: string;
    answer: string;
    probability: number;
    correct: boolean;
    map: GradedItem;
    words: { word: string; score: number }[];
  }[];
  classes: (GradedItem & { present: boolean })[];
  sections: ReportSection[];
}

export interface MainJobOptions {
  seeds: number[];
  method: string;
  questions: number;
  onScene?: (seed: number) => void;
  onNote?: (note: string) => void;
}

type Loaded<T> = { ok: true; value: T } | { ok: false; reason: string };
async function tryLoad<T>(load: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

const objectsOf = (scene: Scene, ids: readonly number[]) => ids.map((i) => scene.objects[i]);

async function panelOf(
  scene: Scene,
  label: string,
  map: MapData,
  method: string,
  grade: TruthGrade | undefined,
  extra: Partial<ReportPanel>,
): Promise<ReportPanel> {
  return {
    label,
    maps: { [method]: await overlayPng(scene.image, map, 'jet') },
    ...(grade ? { metrics: gradeMetrics(grade) } : {}),
    ...extra,
  };
}

/**
 * The main job on the reference models committed with @gradcam/shapeworld: per scene, the
 * captioner's caption with a map for every word, the VQA model's answers to the scene's
 * generated questions with their maps and question-word importances, and the classifier's four
 * classes with their maps; every map of something the scene locates graded against its masks.
 * A model that is not there (not yet trained) is left out with a note, never faked.
 */
export async function runMainJob(
  options: MainJobOptions,
): Promise<{ scenes: SceneJob[]; models: Record<string, string> }> {
  const { method } = options;
  const classifier = await loadClassifier();
  const captioner = await tryLoad(loadReferenceCaptioner);
  const vqa = await tryLoad(loadReferenceVqa);
  const models: Record<string, string> = { classifier: classifier.dir };
  if (captioner.ok) models.captioner = captioner.value.dir;
  else options.onNote?.(`captioner left out: ${captioner.reason}`);
  if (vqa.ok) models.vqa = vqa.value.dir;
  else options.onNote?.(`VQA model left out: ${vqa.reason}`);
  const adapter = layersModelAdapter(classifier.model, { layer: FEATURES_LAYER });
  const scenes: SceneJob[] = [];
  try {
    for (const seed of options.seeds) {
      const scene = generateScene(seed);
      const input = scenesToTensor([scene]);
      const outputSize: [number, number] = [scene.height, scene.width];
      const title = `scene ${seed}`;
      const job: SceneJob = {
        seed,
        objects: scene.objects.map((o) => `${o.color} ${o.shape}`),
        questions: [],
        classes: [],
        sections: [],
      };
      const meta = (subtitle: string, model: string, timeMs: number) => ({
        title: `${title}: ${subtitle.split(':')[0]}`,
        subtitle: subtitle.includes(':') ? subtitle.slice(subtitle.indexOf(':') + 1).trim() : undefined,
        command: 'gradcam demo',
        layers: [FEATURES_LAYER],
        model,
        timeMs,
        colormap: 'jet',
        details: { seed: String(seed), objects: job.objects.join(', ') },
      });
      try {
        if (captioner.ok) {
          const result = await explainCaption(captioner.value.model, input, { method, outputSize });
          const links = captionWordObjects(result.tokens, scene);
          const panels: ReportPanel[] = [];
          const words: GradedItem[] = [];
          for (const w of result.words) {
            const grade = gradeMap(w.map, objectsOf(scene, links[w.index] ?? []));
            words.push({ label: w.word, score: w.logProb, grade });
            panels.push(
              await panelOf(scene, w.word, w.map, method, grade, {
                logProb: w.logProb,
                notes: [grade ? `names ${grade.objects.join(', ')}` : 'names no object of the scene'],
              }),
            );
          }
          panels.push(
            await panelOf(scene, 'whole caption', result.captionMap.map, method, undefined, {
              logProb: result.captionMap.logProb,
            }),
          );
          job.caption = { text: result.caption, words };
          job.sections.push({
            image: scene.image,
            kind: 'words',
            panels,
            group: title,
            meta: {
              ...meta(`caption: ${result.caption}`, 'ShapeWorld captioner', result.timeMs),
              scoreName: 'log p',
            },
          });
        }
        if (vqa.ok) {
          for (const q of askQuestions(scene).slice(0, options.questions)) {
            const result = await explainAnswer(vqa.value.model, input, q.text, {
              method,
              top: 1,
              outputSize,
            });
            const a = result.answers[0];
            const grade = gradeMap(a.map, objectsOf(scene, q.objects));
            const words = a.wordImportance.map((w) => ({ word: w.word, score: w.score }));
            job.questions.push({
              question: q.text,
              truth: q.answer,
              answer: a.answer,
              probability: a.probability,
              correct: a.answer === q.answer,
              map: { label: a.answer, score: a.score, grade },
              words,
            });
            const panel = await panelOf(scene, a.answer, a.map, method, grade, {
              score: a.score,
              probability: a.probability,
              questionWords: words,
              notes: [`the true answer: ${q.answer} (${q.type} question)`],
            });
            job.sections.push({
              image: scene.image,
              kind: 'answers',
              panels: [panel],
              group: title,
              meta: {
                ...meta(`question: ${q.text}`, 'ShapeWorld VQA model', result.timeMs),
                title: `${title}: ${q.text}`,
              },
            });
          }
        }
        const logits = classifier.model.predict(input) as Tensor;
        const scores = Array.from(await logits.data());
        logits.dispose();
        const explanation = await explain(
          adapter,
          input,
          CLASSIFIER_CLASSES.map((_, c) => classTarget(c)),
          { method, outputSize },
        );
        const order = CLASSIFIER_CLASSES.map((_, c) => c).sort((a, b) => scores[b] - scores[a]);
        const panels: ReportPanel[] = [];
        for (const c of order) {
          const shape = CLASSIFIER_CLASSES[c];
          const map = explanation.maps.find((m) => m.target === c)!.map;
          const objects = scene.objects.filter((o) => o.shape === shape);
          const grade = gradeMap(map, objects);
          job.classes.push({ label: shape, score: scores[c], present: objects.length > 0, grade });
          panels.push(
            await panelOf(scene, shape, map, method, grade, {
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
        job.sections.push({
          image: scene.image,
          kind: 'classes',
          panels,
          group: title,
          meta: {
            ...meta('classifier', 'ShapeWorld shape classifier', explanation.timeMs),
            scoreName: 'logit',
          },
        });
      } finally {
        input.dispose();
      }
      scenes.push(job);
      options.onScene?.(seed);
    }
  } finally {
    classifier.model.dispose();
    if (captioner.ok) captioner.value.model.dispose();
    if (vqa.ok) vqa.value.model.dispose();
  }
  return { scenes, models };
}
