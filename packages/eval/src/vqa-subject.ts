import { answerTarget, explain, getMethod, type Target, type TargetMap } from '@gradcam/core';
import type { ScoreFn } from '@gradcam/metrics';
import {
  askQuestions,
  type LoadedVqa,
  type Question,
  questionBalancer,
  questionTokens,
  type Scene,
  scenesToTensor,
} from '@gradcam/shapeworld';
import { vqaAdapter } from '@gradcam/vqa';
import * as tf from '@tensorflow/tfjs-core';
import { objectsTruth } from './ground-truth';
import { guidedToMap } from './guided-map';
import { cascadingRandomisation, ENCODER_TOP_DOWN, encoderGroups, variablesSlot } from './randomise-layers';
import type { EvalItem, EvalSubject, MapVariant } from './types';

export interface AnswerItem extends EvalItem {
  question: Question;
  answerIndex: number;
  ids: number[];
}

/**
 * The reference VQA model: one question of each type a scene allows (answers balanced over the
 * run by one shared balancer, so no answer is guessable from the question), kept when its answer
 * rests on objects (not "no, there is none", not a count of zero); the right answer's map, those
 * objects the truth. Faithfulness scores are the answer's softmax probability.
 */
export function vqaSubject(loaded: LoadedVqa, seed: number): EvalSubject<AnswerItem, Scene> {
  const { model, info } = loaded;
  const layer = info.featuresLayer;
  const balancer = questionBalancer();
  const adapter = vqaAdapter(model, { layer });
  const randomisation = cascadingRandomisation(
    [
      { label: 'head', slots: [variablesSlot('head', Object.values(model.weights))] },
      ...encoderGroups(model.encoder, ENCODER_TOP_DOWN),
    ],
    seed,
  );
  return {
    model: 'vqa',
    itemsAre: 'the right answer of each question with supporting objects, those objects the truth',
    groupsAre: 'question type',
    description: `reference VQA model (${model.config.architecture}), explained at '${layer}'`,
    layer,
    items: (scene, index) =>
      askQuestions(scene, { balancer, perType: 1 })
        .filter((q) => q.objects.length > 0)
        .map((question) => {
          const answerIndex = model.answerVocabulary.indexOf(question.answer);
          if (answerIndex < 0) throw new Error(`the VQA model has no answer '${question.answer}'`);
          return {
            model: 'vqa' as const,
            scene: index,
            label: `${question.text} ${question.answer}`,
            group: question.type,
            question,
            answerIndex,
            ids: model.questionVocabulary.encode(question.text).ids,
            ...objectsTruth(scene, question.objects),
          };
        }),
    input: (scene) => scenesToTensor([scene]),
    explain: async (scene, items, variant: MapVariant) => {
      const options = {
        method: variant.method,
        counterfactual: variant.counterfactual,
        guided: variant.guided,
      };
      const image = scenesToTensor([scene]);
      try {
        const toMap = (m: TargetMap) => (variant.guided ? guidedToMap(m.guidedGradCam!) : m.map);
        if (getMethod(variant.method).kind === 'perturbation') {
          // Score-CAM and Ablation-CAM score many perturbed copies of one input per target: one
          // question at a time, its own answer the target.
          const maps = [];
          for (const item of items) {
            const single = vqaAdapter(model, { layer, question: item.ids });
            const result = await explain(
              single,
              image,
              [answerTarget(item.answerIndex, item.question.answer)],
              options,
            );
            maps.push(toMap(result.maps[0]));
          }
          return maps;
        }
        // Gradient methods: every question of the scene in one engine call, the image once per
        // question, each row with its own question and its own answer's score.
        // The tokens first: questionTokens throws on words the model lacks, before any tile exists.
        const question = questionTokens(
          model.questionVocabulary,
          items.map((it) => it.question),
        );
        const input = { image: tf.tile(image, [items.length, 1, 1, 1]) as tf.Tensor4D, question };
        try {
          const result = await explain(adapter, input, [rowAnswers(items)], options);
          return result.maps.map(toMap);
        } finally {
          input.image.dispose();
          input.question.dispose();
        }
      } finally {
        image.dispose();
      }
    },
    scoreFn: (_scene, item): ScoreFn => {
      const adapter = vqaAdapter(model, { layer, question: item.ids });
      return async (batch) => {
        const probability = tf.tidy(() =>
          tf.softmax(adapter.predict(batch)).slice([0, item.answerIndex], [-1, 1]),
        );
        const values = await probability.data();
        probability.dispose();
        return values;
      };
    },
    randomisation,
    dispose: () => {
      randomisation.dispose();
      model.dispose();
    },
  };
}

/** One target for a batch of (image, question) rows: row r's score is the score of item r's answer. */
function rowAnswers(items: readonly AnswerItem[]): Target<{ answers: tf.Tensor2D }> {
  return {
    label: 'the right answer of each question',
    score: ({ answers }) =>
      tf.tidy(() => {
        const chosen = tf.oneHot(
          tf.tensor1d(
            items.map((it) => it.answerIndex),
            'int32',
          ),
          answers.shape[1],
        );
        return tf.sum(tf.mul(answers, chosen), 1) as tf.Tensor1D;
      }),
  };
}
