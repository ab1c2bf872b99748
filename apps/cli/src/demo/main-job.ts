import type { ReportSection } from '@gradcam/render';
import {
  FEATURES_LAYER,
  generateScene,
  type LoadedCaptioner,
  type LoadedClassifier,
  type LoadedVqa,
  loadClassifier,
  loadReferenceCaptioner,
  loadReferenceVqa,
  scenesToTensor,
} from '@gradcam/shapeworld';
import { type LayersAdapter, layersModelAdapter } from '@gradcam/tfjs';
import { captionTask } from './caption-task';
import { classifierTask } from './classifier-task';
import type { GradedItem, SceneContext } from './scene-context';
import { type AnsweredQuestion, vqaTask } from './vqa-task';

export type { GradedItem } from './scene-context';

export interface SceneJob {
  seed: number;
  objects: string[];
  caption?: { text: string; words: GradedItem[] };
  questions: AnsweredQuestion[];
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

/** The committed reference models; the captioner and the VQA model may be missing (untrained). */
interface DemoModels {
  classifier: LoadedClassifier;
  adapter: LayersAdapter;
  captioner?: LoadedCaptioner;
  vqa?: LoadedVqa;
  dirs: Record<string, string>;
}

async function loadModels(onNote?: (note: string) => void): Promise<DemoModels> {
  const classifier = await loadClassifier();
  const models: DemoModels = {
    classifier,
    adapter: layersModelAdapter(classifier.model, { layer: FEATURES_LAYER }),
    dirs: { classifier: classifier.dir },
  };
  try {
    models.captioner = await loadReferenceCaptioner();
    models.dirs.captioner = models.captioner.dir;
  } catch (error) {
    onNote?.(`captioner left out: ${(error as Error).message}`);
  }
  try {
    models.vqa = await loadReferenceVqa();
    models.dirs.vqa = models.vqa.dir;
  } catch (error) {
    onNote?.(`VQA model left out: ${(error as Error).message}`);
  }
  return models;
}

/** One scene through the three tasks: caption, questions, classes. */
async function sceneJob(seed: number, models: DemoModels, options: MainJobOptions): Promise<SceneJob> {
  const scene = generateScene(seed);
  const context: SceneContext = {
    seed,
    scene,
    input: scenesToTensor([scene]),
    method: options.method,
    outputSize: [scene.height, scene.width],
    objects: scene.objects.map((o) => `${o.color} ${o.shape}`),
  };
  const job: SceneJob = { seed, objects: context.objects, questions: [], classes: [], sections: [] };
  try {
    if (models.captioner) {
      const { caption, section } = await captionTask(context, models.captioner.model);
      job.caption = caption;
      job.sections.push(section);
    }
    if (models.vqa) {
      const { questions, sections } = await vqaTask(context, models.vqa.model, options.questions);
      job.questions = questions;
      job.sections.push(...sections);
    }
    const { classes, section } = await classifierTask(context, models.classifier.model, models.adapter);
    job.classes = classes;
    job.sections.push(section);
  } finally {
    context.input.dispose();
  }
  return job;
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
  const models = await loadModels(options.onNote);
  const scenes: SceneJob[] = [];
  try {
    for (const seed of options.seeds) {
      scenes.push(await sceneJob(seed, models, options));
      options.onScene?.(seed);
    }
  } finally {
    models.classifier.model.dispose();
    models.captioner?.model.dispose();
    models.vqa?.model.dispose();
  }
  return { scenes, models: models.dirs };
}
