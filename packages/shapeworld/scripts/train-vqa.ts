import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCaptioner } from '@gradcam/captioning';
import { questionMask, type ReferenceVqaModel, saveVqaModel } from '@gradcam/vqa';
import * as tf from '@tensorflow/tfjs-core';
import { backgroundActivation, backgroundCells } from '../src/models/background-cells';
import { CLASSIFIER_PREPROCESSING, scenesToTensor } from '../src/models/classifier-data';
import { FEATURES_LAYER } from '../src/models/encoder';
import { evaluateVqa } from '../src/models/evaluate-vqa';
import { VQA_HELD_OUT } from '../src/models/held-out';
import { committedCaptionerDir } from '../src/models/load-captioner';
import { loadClassifier } from '../src/models/load-classifier';
import { STANDARD_TOLERANCE } from '../src/models/pointing-game';
import { QuestionPrior } from '../src/models/question-prior';
import { buildReferenceVqa } from '../src/models/reference-vqa';
import { attentionTargets, questionsOf, questionTokens } from '../src/models/vqa-data';
import { VQA_INFO_FILE, type VqaInfo } from '../src/models/vqa-info';
import { vqaPointingGame } from '../src/models/vqa-pointing';
import { generateScene, sceneSeed } from '../src/world/generate-scene';
import { questionBalancer } from '../src/world/questions';
import { runEpochs } from './epoch-loop';
import { seconds } from './progress';
import {
  clipByGlobalNorm,
  learningRate,
  type Schedule,
  setLearningRate,
  trainableVariables,
} from './train-steps';
import type { TrainingEntry } from './training-entry';

export interface VqaTraining extends Schedule {
  seed: number;
  inputSize: number;
  /** Scenes per step; each brings one question of every type it allows (about five). */
  batchSize: number;
  maxGradientNorm: number;
  /**
   * Weight of an L1 penalty on the `features` activations (mean absolute value). Sparse features
   * are zero on the background, so Grad-CAM's channel-weighted sum there is zero too and the map's
   * maximum falls on an object (the explained layer is where the pointing game is played).
   */
  featureSparsity: number;
  /**
   * Weight of an L1 penalty on `features` at the grid cells no object touches (backgroundCells):
   * the captioner's encoder starts with a silent background, and this keeps it so while
   * `features` is fine-tuned.
   */
  backgroundSparsity: number;
  architecture: 'attention' | 'pooled';
  /**
   * Weight of a cross-entropy between the attention over the `features` grid and where the answer
   * is (the supporting objects' masks, `attentionTargets`), for questions whose answer rests on
   * objects. Without it the attention learnt too slowly: after 640 steps colour and shape
   * questions were at 75-80% and existence at chance (53%), pooled or attention alike.
   */
  attentionSupervision: number;
  /**
   * Where the encoder starts: the committed captioner's (trained on colours and shapes both, so
   * its early layers can stay frozen), the committed classifier's (shapes only), or scratch.
   */
  encoderFrom: 'captioner' | 'classifier' | 'scratch';
  /** The captioner folder to start from with `encoderFrom: 'captioner'` (default the committed one). */
  captionerDir?: string;
  /** Encoder layers kept as the classifier trained them (no backward pass at full resolution). */
  frozenLayers: readonly string[];
  /** Scenes of the training stream whose questions fit the question-only prior. */
  priorScenes: number;
  /** Held-out scenes (the first of VQA_HELD_OUT) for the pointing game after training. */
  pointingScenes: number;
  outDir: string;
}

export const VQA_TRAINING: VqaTraining = {
  seed: 3,
  inputSize: 64,
  batchSize: 24,
  epochs: 28,
  stepsPerEpoch: 40,
  peakLearningRate: 3e-3,
  finalLearningRate: 1e-4,
  warmupSteps: 20,
  maxGradientNorm: 5,
  featureSparsity: 0,
  backgroundSparsity: 0.5,
  architecture: 'attention',
  attentionSupervision: 1,
  encoderFrom: 'captioner',
  frozenLayers: ['conv1a', 'conv1b', 'conv2a', 'conv2b'],
  priorScenes: 4000,
  pointingScenes: 60,
  outDir: join(import.meta.dirname, '../models/vqa'),
};

const scenesOf = (seed: number, from: number, count: number, size: number) =>
  Array.from({ length: count }, (_, k) => generateScene(sceneSeed(seed, from + k), { size }));

/** Copies a trained encoder's weights, layer by layer (the shared design: same names, same shapes). */
async function startEncoder(model: ReferenceVqaModel, c: VqaTraining): Promise<void> {
  if (c.encoderFrom === 'scratch') return;
  const source =
    c.encoderFrom === 'classifier'
      ? (await loadClassifier()).model
      : (await loadCaptioner(c.captionerDir ?? committedCaptionerDir())).encoder;
  for (const layer of model.encoder.layers) {
    if (layer.getWeights().length === 0) continue;
    layer.setWeights(source.getLayer(layer.name).getWeights());
  }
  source.dispose();
}

function makeStep(model: ReferenceVqaModel, c: VqaTraining) {
  const frozen = c.encoderFrom === 'scratch' ? [] : c.frozenLayers;
  const trained = model.encoder.layers.filter((l) => !frozen.includes(l.name));
  const variables = [...trained.flatMap(trainableVariables), ...Object.values(model.weights)];
  const optimizer = tf.train.adam(c.peakLearningRate);
  // One balancer over the whole training stream, so every type's answers stay near-uniform.
  const balancer = questionBalancer();
  const answerIds = (answers: string[]) => answers.map((a) => model.answerVocabulary.resolve(a));
  const step = (index: number): { loss: number; right: number; questions: number } => {
    const scenes = scenesOf(c.seed, index * c.batchSize, c.batchSize, c.inputSize);
    const asked = questionsOf(scenes, balancer);
    setLearningRate(optimizer, learningRate(c, index));
    return tf.tidy(() => {
      const x = scenesToTensor(scenes);
      const tokens = questionTokens(
        model.questionVocabulary,
        asked.map((q) => q.question),
      );
      const rows = tf.tensor1d(
        asked.map((q) => q.scene),
        'int32',
      );
      const labels = tf.oneHot(answerIds(asked.map((q) => q.question.answer)), model.answerVocabulary.size);
      const where = attentionTargets(scenes, asked, model.encoder.outputs[0].shape[1] as number);
      let scores: tf.Tensor2D | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const features = model.encoder.apply(x) as tf.Tensor;
        const image = tf.gather(features, rows);
        const question = model.encodeQuestion(model.embedQuestion(tokens), questionMask(tokens));
        const supervised = c.attentionSupervision > 0 && c.architecture === 'attention';
        const attention = supervised ? model.attentionWeights(image, question) : undefined;
        scores = tf.keep(model.classify(model.fuse(image, question, attention)));
        let loss: tf.Tensor = tf.losses.softmaxCrossEntropy(labels, scores);
        if (c.featureSparsity > 0) loss = tf.add(loss, tf.mul(c.featureSparsity, tf.mean(tf.abs(features))));
        if (c.backgroundSparsity > 0) {
          const background = backgroundCells(scenes, features.shape[1] as number);
          loss = tf.add(loss, tf.mul(c.backgroundSparsity, backgroundActivation(features, background)));
        }
        if (attention) {
          const flat = attention.reshape([asked.length, -1]);
          const crossEntropy = tf.neg(tf.sum(tf.mul(where.targets, tf.log(tf.add(flat, 1e-6))), 1));
          const supervisedMean = tf.div(
            tf.sum(tf.mul(crossEntropy, where.supervised)),
            tf.maximum(tf.sum(where.supervised), 1),
          );
          loss = tf.add(loss, tf.mul(c.attentionSupervision, supervisedMean));
        }
        return loss as tf.Scalar;
      }, variables);
      optimizer.applyGradients(clipByGlobalNorm(grads, c.maxGradientNorm));
      const right = tf.equal(scores!.argMax(1), labels.argMax(1)).sum().dataSync()[0];
      scores!.dispose();
      return { loss: value.dataSync()[0], right, questions: asked.length };
    });
  };
  return { step, dispose: () => optimizer.dispose() };
}

/** Trains the reference VQA model on fresh scenes, saves it with vqa-info.json, returns the figures. */
export async function trainVqa(c: VqaTraining = VQA_TRAINING) {
  const started = performance.now();
  const model = buildReferenceVqa({ seed: c.seed, inputSize: c.inputSize, architecture: c.architecture });
  await startEncoder(model, c);
  const training = makeStep(model, c);
  const heldOut = scenesOf(VQA_HELD_OUT.seed, 0, VQA_HELD_OUT.scenes, c.inputSize);
  const heldOutQuestions = questionsOf(heldOut, questionBalancer());
  // The prior learns from the training stream's own questions (scenes beyond those trained on
  // change nothing: the stream's answer statistics are the same everywhere).
  const prior = new QuestionPrior(
    questionsOf(scenesOf(c.seed, 0, c.priorScenes, c.inputSize), questionBalancer()).map((q) => q.question),
  );
  const totalSteps = c.epochs * c.stepsPerEpoch;
  const parameters =
    model.encoder.countParams() + Object.values(model.weights).reduce((n, w) => n + w.size, 0);
  console.log(
    `vqa: ${parameters.toLocaleString()} parameters; ${totalSteps} steps of ${c.batchSize} fresh scenes (seed ${c.seed}), ` +
      `about 5 questions each; encoder from ${c.encoderFrom}; backend ${tf.getBackend()}`,
  );
  let questionsSeen = 0;
  const perTypeLine = (e: ReturnType<typeof evaluateVqa>) =>
    Object.entries(e.perType)
      .map(
        ([t, a]) => `${t} ${a.accuracy.toFixed(2)}${a.prior === undefined ? '' : `/${a.prior.toFixed(2)}`}`,
      )
      .join(' ');
  let evaluation = evaluateVqa(model, heldOut, heldOutQuestions, prior);
  await runEpochs({
    name: 'vqa',
    schedule: c,
    started,
    step: training.step,
    endOfEpoch: (_, sums) => {
      questionsSeen += sums.questions;
      evaluation = evaluateVqa(model, heldOut, heldOutQuestions, prior);
      return (
        `train acc ${(sums.right / sums.questions).toFixed(3)}  ` +
        `held-out acc ${evaluation.accuracy.toFixed(3)} (model/prior: ${perTypeLine(evaluation)})`
      );
    },
  });
  const trainSeconds = seconds(started);
  const pointingQuestions = heldOutQuestions.filter((q) => q.scene < c.pointingScenes);
  const pointing = await vqaPointingGame(model, heldOut, pointingQuestions);
  console.log(
    `vqa pointing game (Grad-CAM at '${FEATURES_LAYER}' of the right answer, ${pointing.questions} held-out questions with objects): ` +
      `inside the mask ${pointing.insideMask.toFixed(3)}, within ${STANDARD_TOLERANCE} px ${pointing.withinTolerance.share.toFixed(3)} ` +
      `${JSON.stringify(pointing.byType)}`,
  );

  await saveVqaModel(model, c.outDir);
  const info: VqaInfo = {
    task: 'answer ShapeWorld questions: colour of a shape, shape of a colour, existence, counting, spatial relation',
    inputSize: c.inputSize,
    preprocessing: CLASSIFIER_PREPROCESSING,
    architecture: `@gradcam/vqa '${c.architecture}' over '${FEATURES_LAYER}'`,
    featuresLayer: FEATURES_LAYER,
    training: {
      seed: c.seed,
      steps: totalSteps,
      batchSize: c.batchSize,
      scenesSeen: totalSteps * c.batchSize,
      questionsSeen,
      learningRate: `Adam, ${c.warmupSteps}-step warm-up to ${c.peakLearningRate}, cosine decay to ${c.finalLearningRate}; gradients clipped to norm ${c.maxGradientNorm}; L1 ${c.featureSparsity} on '${FEATURES_LAYER}', ${c.backgroundSparsity} on its background cells; attention supervised by the answer's objects (weight ${c.attentionSupervision})`,
      encoderStart:
        c.encoderFrom === 'scratch'
          ? 'seeded He initialisation'
          : `the committed ${c.encoderFrom}'s; ${c.frozenLayers.length ? `${c.frozenLayers.join(', ')} frozen, ` : ''}the rest fine-tuned`,
      backend: tf.getBackend(),
      seconds: Math.round(trainSeconds),
    },
    heldOut: {
      seed: VQA_HELD_OUT.seed,
      scenes: VQA_HELD_OUT.scenes,
      questions: evaluation.questions,
      accuracy: evaluation.accuracy,
      perType: evaluation.perType,
      priorScenes: c.priorScenes,
      pointingGame: pointing,
    },
  };
  await writeFile(join(c.outDir, VQA_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
  model.dispose();
  training.dispose();
  return {
    seconds: Math.round(trainSeconds),
    accuracy: evaluation.accuracy,
    ...Object.fromEntries(Object.entries(evaluation.perType).map(([t, a]) => [t, a.accuracy])),
    pointingInsideMask: pointing.insideMask,
    pointingWithin4px: pointing.withinTolerance.share,
  };
}

export const vqaEntry: TrainingEntry = {
  name: 'vqa',
  budgetMinutes: 10,
  train: () => trainVqa(),
};
