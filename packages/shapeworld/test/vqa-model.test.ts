import { explainAnswer } from '@gradcam/vqa';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerVocabulary,
  committedVqaDir,
  evaluateVqa,
  FEATURES_LAYER,
  generateScene,
  type LoadedVqa,
  loadReferenceVqa,
  QUESTION_TYPES,
  QuestionPrior,
  questionBalancer,
  questionsOf,
  type Scene,
  sceneSeed,
  scenesToTensor,
  VQA_HELD_OUT,
  vqaPointingGame,
} from '../src/index';
import { useWasm } from './helpers/wasm';

/** The bar: 90% on colour, shape and existence questions (held-out, see vqa-info.json). */
const MIN_ACCURACY = { color: 0.9, shape: 0.9, exist: 0.9 } as const;
/** A floor well under the measured pointing game (vqa-info.json), so that a broken map shows. */
const FLOOR_POINTING = 0.35;
let vqa: LoadedVqa;
const heldOut: Scene[] = Array.from({ length: VQA_HELD_OUT.scenes }, (_, i) =>
  generateScene(sceneSeed(VQA_HELD_OUT.seed, i)),
);
const questions = questionsOf(heldOut, questionBalancer());

beforeAll(async () => {
  await useWasm();
  vqa = await loadReferenceVqa();
});

describe('the committed ShapeWorld VQA model', () => {
  it('loads from the package without training, with its description', () => {
    expect(committedVqaDir()).toMatch(/shapeworld[\\/]models[\\/]vqa$/);
    expect(vqa.info.featuresLayer).toBe(FEATURES_LAYER);
    expect(vqa.model.config.architecture).toBe('attention');
    expect(vqa.model.answerVocabulary.answers).toEqual(answerVocabulary());
    expect(vqa.model.encoder.getLayer(FEATURES_LAYER).outputShape).toEqual([null, 16, 16, 64]);
  });

  it(`answers the questions of ${VQA_HELD_OUT.scenes} held-out scenes`, () => {
    // The prior is fitted on other scenes than the held-out ones: those of the training stream.
    const priorScenes = Array.from({ length: 1000 }, (_, i) =>
      generateScene(sceneSeed(vqa.info.training.seed, i)),
    );
    const prior = new QuestionPrior(questionsOf(priorScenes, questionBalancer()).map((q) => q.question));
    const result = evaluateVqa(vqa.model, heldOut, questions, prior);
    console.log(`held-out VQA accuracy ${result.accuracy}: ${JSON.stringify(result.perType)}`);
    for (const type of ['color', 'shape', 'exist'] as const) {
      expect(result.perType[type].accuracy).toBeGreaterThanOrEqual(MIN_ACCURACY[type]);
      expect(result.perType[type].accuracy).toBeGreaterThan(result.perType[type].prior! + 0.25);
    }
    for (const type of QUESTION_TYPES) expect(result.perType[type].questions).toBeGreaterThan(50);
    // The figures written by training are the ones measured here: same scenes, same weights.
    expect(result.accuracy).toBeCloseTo(vqa.info.heldOut.accuracy, 5);
    for (const type of QUESTION_TYPES) {
      expect(result.perType[type].accuracy).toBeCloseTo(vqa.info.heldOut.perType[type].accuracy, 5);
    }
  });

  it('points the right answer’s map at the objects it rests on, and frees every tensor', async () => {
    const some = questions.filter((q) => q.scene < 8);
    const before = tf.memory().numTensors;
    const figures = await vqaPointingGame(vqa.model, heldOut, some);
    console.log(`VQA pointing game on ${figures.questions} questions: ${JSON.stringify(figures)}`);
    expect(figures.questions).toBe(some.filter((q) => q.question.objects.length > 0).length);
    expect(figures.withinTolerance.share).toBeGreaterThanOrEqual(FLOOR_POINTING);
    const image = scenesToTensor([heldOut[0]]);
    const result = await explainAnswer(vqa.model, image, some[0].question.text, { top: 2 });
    image.dispose();
    expect(result.answers.length).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });
});
