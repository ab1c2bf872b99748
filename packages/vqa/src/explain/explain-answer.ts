import { answerTarget, explain } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { fail } from '../errors';
import type { VqaModel } from '../model/vqa-model';
import { chooseAnswers, rankAnswers } from './answer-choice';
import type { AnswerExplanation, AnswerScore, ExplainAnswerOptions, ExplainedAnswer } from './types';
import { vqaAdapter } from './vqa-adapter';
import { wordImportances } from './word-importance';

/**
 * Why the model gives an answer to a question about an image: a Grad-CAM map per explained answer
 * (the predicted one, the top k in one batched engine call, or any answers named), counterfactual
 * maps on request, any CAM method and encoder layer, and how much each question word mattered.
 * `image` is one preprocessed image, `[H, W, C]` or `[1, H, W, C]`. No tensor outlives the call.
 */
export async function explainAnswer(
  model: VqaModel,
  image: tf.Tensor3D | tf.Tensor4D,
  question: string,
  options: ExplainAnswerOptions = {},
): Promise<AnswerExplanation> {
  const started = performance.now();
  const { answer, top, layer, ...engineOptions } = options;
  const encoded = model.questionVocabulary.encode(question);
  if (encoded.ids.length === 0) fail(`the question '${question}' has no words`);
  if (image.rank === 4 && image.shape[0] !== 1) {
    fail(`a VQA explanation takes one image at a time, got a batch of ${image.shape[0]}`);
  }
  const batch = (image.rank === 3 ? image.expandDims(0) : image.clone()) as tf.Tensor4D;
  try {
    const adapter = vqaAdapter(model, { layer, question: encoded.ids });
    const scores = tf.tidy(() => adapter.predict(batch));
    const ranked = rankAnswers((await scores.data()) as Float32Array, model.answerVocabulary);
    scores.dispose();
    const chosen = chooseAnswers(ranked, model.answerVocabulary, { answer, top });
    const explanation = await explain(
      adapter,
      batch,
      chosen.map((a) => answerTarget(a.index, a.answer)),
      engineOptions,
    );
    const words = questionWordImportances(model, batch, encoded.ids, chosen, engineOptions.counterfactual);
    const answers: ExplainedAnswer[] = chosen.map((a, k) => {
      const { map, lowres, raw, weights, guided, guidedGradCam } = explanation.maps[k];
      const wordImportance = encoded.words.map((word, t) => ({
        word,
        score: words.score[k][t],
        gradientNorm: words.gradientNorm[k][t],
        known: model.questionVocabulary.has(word),
      }));
      return { ...a, map, lowres, wordImportance, raw, weights, guided, guidedGradCam };
    });
    return {
      question,
      tokens: encoded.words,
      unknownWords: encoded.unknownWords,
      answers,
      predicted: ranked.find((a) => a.rank === 1) as AnswerScore,
      layer: explanation.layers[0],
      method: explanation.method,
      counterfactual: explanation.counterfactual,
      wordImportanceMeasure: 'gradient x embedding',
      backend: explanation.backend,
      outputSize: explanation.outputSize,
      timeMs: performance.now() - started,
    };
  } finally {
    batch.dispose();
  }
}

function questionWordImportances(
  model: VqaModel,
  image: tf.Tensor4D,
  ids: number[],
  answers: AnswerScore[],
  counterfactual = false,
) {
  const features = tf.tidy(() => model.encoder.predict(image) as tf.Tensor);
  try {
    return wordImportances(
      model,
      features,
      ids,
      answers.map((a) => a.index),
      counterfactual,
    );
  } finally {
    features.dispose();
  }
}
