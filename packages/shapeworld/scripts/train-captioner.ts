import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Captioner, saveCaptioner, tokenLogProbs } from '@gradcam/captioning';
import * as tf from '@tensorflow/tfjs-core';
import { backgroundActivation, backgroundCells } from '../src/models/background-cells';
import { captionPointingGame } from '../src/models/caption-pointing';
import { captionTokens, trainingCaption } from '../src/models/captioner-data';
import { CAPTIONER_INFO_FILE, type CaptionerInfo } from '../src/models/captioner-info';
import { CLASSIFIER_PREPROCESSING, scenesToTensor } from '../src/models/classifier-data';
import { FEATURES_LAYER } from '../src/models/encoder';
import { evaluateCaptioner } from '../src/models/evaluate-captioner';
import { CAPTIONER_HELD_OUT } from '../src/models/held-out';
import { loadClassifier } from '../src/models/load-classifier';
import { STANDARD_TOLERANCE } from '../src/models/pointing-game';
import { buildReferenceCaptioner } from '../src/models/reference-captioner';
import { generateScene, sceneSeed } from '../src/world/generate-scene';
import type { Scene } from '../src/world/scene';
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

export interface CaptionerTraining extends Schedule {
  seed: number;
  inputSize: number;
  batchSize: number;
  maxGradientNorm: number;
  /**
   * Start the encoder from the committed classifier's weights (then train it on): its shape
   * features are learnt already, so the captioner spends its steps on colours and words.
   */
  encoderFromClassifier: boolean;
  /**
   * Encoder layers kept as the classifier trained them (only with encoderFromClassifier): no
   * gradient flows through them, which saves the costly backward pass at full resolution.
   */
  frozenLayers: readonly string[];
  /**
   * Weight of an L1 penalty on the `features` activations at grid cells that no object touches
   * (mean over those cells and channels), from the scenes' masks.
   */
  backgroundSparsity: number;
  pointingScenes: number;
  outDir: string;
}

export const CAPTIONER_TRAINING: CaptionerTraining = {
  seed: 2,
  inputSize: 64,
  batchSize: 32,
  epochs: 15,
  stepsPerEpoch: 40,
  peakLearningRate: 3e-3,
  finalLearningRate: 1e-4,
  warmupSteps: 20,
  maxGradientNorm: 5,
  encoderFromClassifier: true,
  // Freezing conv1a-conv2b made steps 2x faster, but the classifier's early layers keep too little
  // colour: colour words stayed at 45% (teacher-forced) after 120 steps, shapes reached 74%.
  frozenLayers: [],
  backgroundSparsity: 0.5,
  pointingScenes: 100,
  outDir: join(import.meta.dirname, '../models/captioner'),
};

/** Copies the classifier's encoder weights, layer by layer (same names, same shapes). */
async function startFromClassifier(captioner: Captioner): Promise<void> {
  const { model } = await loadClassifier();
  for (const layer of captioner.encoder.layers) {
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    layer.setWeights(model.getLayer(layer.name).getWeights());
  }
  model.dispose();
}

/**
 * One training step of the captioner. `auxiliary` (experiments) adds a loss on `features` with
 * variables of its own, trained alongside.
 */
export function makeCaptionerStep(
  captioner: Captioner,
  c: CaptionerTraining,
  auxiliary?: { loss(features: tf.Tensor, scenes: Scene[]): tf.Scalar; variables: tf.Variable[] },
) {
  const frozen = c.encoderFromClassifier ? c.frozenLayers : [];
  const trained = captioner.encoder.layers.filter((l) => !frozen.includes(l.name));
  const variables = [
    ...trained.flatMap(trainableVariables),
    ...Object.values(captioner.decoder.weights),
    ...(auxiliary?.variables ?? []),
  ];
  const optimizer = tf.train.adam(c.peakLearningRate);
  const step = (index: number): number => {
    const scenes = Array.from({ length: c.batchSize }, (_, k) =>
      generateScene(sceneSeed(c.seed, index * c.batchSize + k), { size: c.inputSize }),
    );
    setLearningRate(optimizer, learningRate(c, index));
    return tf.tidy(() => {
      const x = scenesToTensor(scenes);
      const tokens = captionTokens(captioner.vocabulary, scenes.map(trainingCaption));
      const words = tf.notEqual(tokens, captioner.vocabulary.pad).sum();
      const { value, grads } = tf.variableGrads(() => {
        const features = captioner.encoder.apply(x) as tf.Tensor;
        const logProbs = tokenLogProbs(captioner.decoder, captioner.vocabulary, features, tokens);
        const perWord = tf.div(tf.neg(logProbs.sum()), words);
        let loss = perWord;
        if (c.backgroundSparsity > 0) {
          const background = backgroundCells(scenes, features.shape[1] as number);
          loss = tf.add(loss, tf.mul(c.backgroundSparsity, backgroundActivation(features, background)));
        }
        if (auxiliary) loss = tf.add(loss, auxiliary.loss(features, scenes));
        return loss as tf.Scalar;
      }, variables);
      optimizer.applyGradients(clipByGlobalNorm(grads, c.maxGradientNorm));
      return value.dataSync()[0];
    });
  };
  return { step, dispose: () => optimizer.dispose() };
}

/** Trains the reference captioner on fresh scenes, saves it with captioner-info.json, returns the figures. */
export async function trainCaptioner(c: CaptionerTraining = CAPTIONER_TRAINING) {
  const started = performance.now();
  const captioner = buildReferenceCaptioner({ seed: c.seed, inputSize: c.inputSize });
  if (c.encoderFromClassifier) await startFromClassifier(captioner);
  const training = makeCaptionerStep(captioner, c);
  const heldOut = Array.from({ length: CAPTIONER_HELD_OUT.scenes }, (_, i) =>
    generateScene(sceneSeed(CAPTIONER_HELD_OUT.seed, i), { size: c.inputSize }),
  );
  const totalSteps = c.epochs * c.stepsPerEpoch;
  const parameters =
    captioner.encoder.countParams() +
    Object.values(captioner.decoder.weights).reduce((n, w) => n + w.size, 0);
  console.log(
    `captioner: ${parameters.toLocaleString()} parameters; ${totalSteps} steps of ${c.batchSize} fresh scenes (seed ${c.seed}); ` +
      `encoder from ${c.encoderFromClassifier ? 'the classifier' : 'scratch'}; backend ${tf.getBackend()}`,
  );
  let evaluation = evaluateCaptioner(captioner, heldOut);
  await runEpochs({
    name: 'captioner',
    schedule: c,
    started,
    lossLabel: 'loss/word',
    step: (index) => ({ loss: training.step(index) }),
    endOfEpoch: () => {
      evaluation = evaluateCaptioner(captioner, heldOut);
      return (
        `held-out precision ${evaluation.precision.toFixed(3)} recall ${evaluation.recall.toFixed(3)} exact ${evaluation.exact.toFixed(3)} ` +
        `relations ${evaluation.relationAccuracy.toFixed(3)}`
      );
    },
  });
  const trainSeconds = seconds(started);
  console.log(`captioner examples: ${evaluation.captions.slice(0, 3).join(' | ')}`);
  const pointing = await captionPointingGame(captioner, heldOut.slice(0, c.pointingScenes));
  console.log(
    `captioner pointing game (Grad-CAM at '${FEATURES_LAYER}', colour and shape words of ${c.pointingScenes} held-out reference captions): ` +
      `inside the mask ${pointing.insideMask.toFixed(3)}, within ${STANDARD_TOLERANCE} px ${pointing.withinTolerance.share.toFixed(3)} ` +
      `${JSON.stringify(pointing.byRole)}`,
  );

  await saveCaptioner(captioner, c.outDir);
  const info: CaptionerInfo = {
    task: 'caption a ShapeWorld scene: name every object by colour and shape, consecutive ones related in space',
    inputSize: c.inputSize,
    preprocessing: CLASSIFIER_PREPROCESSING,
    decoder: `show-attend-tell over '${FEATURES_LAYER}'`,
    featuresLayer: FEATURES_LAYER,
    training: {
      seed: c.seed,
      steps: totalSteps,
      batchSize: c.batchSize,
      scenesSeen: totalSteps * c.batchSize,
      captions: 'trainingCaption: objects in reading order, consecutive pairs related',
      learningRate: `Adam, ${c.warmupSteps}-step warm-up to ${c.peakLearningRate}, cosine decay to ${c.finalLearningRate}; gradients clipped to norm ${c.maxGradientNorm}; L1 ${c.backgroundSparsity} on the background cells of '${FEATURES_LAYER}'`,
      encoderStart: c.encoderFromClassifier
        ? 'the committed classifier, fine-tuned'
        : 'seeded He initialisation',
      backend: tf.getBackend(),
      seconds: Math.round(trainSeconds),
    },
    heldOut: {
      seed: CAPTIONER_HELD_OUT.seed,
      scenes: CAPTIONER_HELD_OUT.scenes,
      precision: evaluation.precision,
      recall: evaluation.recall,
      exact: evaluation.exact,
      relationAccuracy: evaluation.relationAccuracy,
      pointingGame: pointing,
    },
  };
  await writeFile(join(c.outDir, CAPTIONER_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
  captioner.dispose();
  training.dispose();
  return {
    seconds: Math.round(trainSeconds),
    precision: evaluation.precision,
    recall: evaluation.recall,
    pointingInsideMask: pointing.insideMask,
    pointingWithin4px: pointing.withinTolerance.share,
  };
}

export const captionerEntry: TrainingEntry = {
  name: 'captioner',
  budgetMinutes: 10,
  train: () => trainCaptioner(),
};
