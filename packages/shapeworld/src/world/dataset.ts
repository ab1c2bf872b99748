import { type Caption, describeScene } from './captions';
import { generateScene, type SceneOptions, sceneSeed } from './generate-scene';
import { askQuestions, type Question, questionBalancer } from './questions';
import type { Scene } from './scene';

export interface DatasetItem {
  scene: Scene;
  captions: Caption[];
  questions: Question[];
}

export interface DatasetOptions extends SceneOptions {
  count: number;
  seed: number;
  /** Caption phrasings per scene (default 4). */
  captionsPerScene?: number;
  /** Questions per type per scene (default 1). */
  questionsPerType?: number;
}

/**
 * Scenes `0..count-1` of the set seeded `seed`, with captions and questions. One answer
 * balancer runs across the whole set, so each question type's answers are near-uniform over it.
 */
export function* generateDataset(options: DatasetOptions): Generator<DatasetItem> {
  const { count, seed, captionsPerScene, questionsPerType, ...sceneOptions } = options;
  const balancer = questionBalancer();
  for (let i = 0; i < count; i++) {
    const scene = generateScene(sceneSeed(seed, i), sceneOptions);
    yield {
      scene,
      captions: describeScene(scene, { count: captionsPerScene }),
      questions: askQuestions(scene, { perType: questionsPerType, balancer }),
    };
  }
}
