import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemSaver } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { buildClassifier, CLASSIFIER_CLASSES, CLASSIFIER_OUTPUT_LAYER } from '../src/models/classifier';
import { CLASSIFIER_PREPROCESSING, scenesToTargets, scenesToTensor } from '../src/models/classifier-data';
import { CLASSIFIER_INFO_FILE, type ClassifierInfo } from '../src/models/classifier-info';
import { FEATURES_LAYER } from '../src/models/encoder';
import { evaluateClassifier } from '../src/models/evaluate-classifier';
import { CLASSIFIER_HELD_OUT } from '../src/models/held-out';
import { pointingGame, STANDARD_TOLERANCE } from '../src/models/pointing-game';
import { generateScene, sceneSeed } from '../src/world/generate-scene';
import type { Scene } from '../src/world/scene';
import { runEpochs } from './epoch-loop';
import { seconds } from './progress';
import type { TrainingEntry } from './training-entry';

export interface ClassifierTraining {
  seed: number;
  inputSize: number;
  batchSize: number;
  epochs: number;
  stepsPerEpoch: number;
  peakLearningRate: number;
  finalLearningRate: number;
  warmupSteps: number;
  /**
   * How much faster the dense head learns than the encoder. Global average pooling divides an
   * object's evidence by the 256 cells of the feature grid, so the head needs weights in the tens;
   * at the encoder's rate Adam takes hundreds of steps to get there, and the loss sits on a
   * plateau meanwhile (measured: loss 0.21 after 150 steps with x50, 0.62 without).
   */
  headLearningRateFactor: number;
  /** Held-out scenes (the first of CLASSIFIER_HELD_OUT) for the pointing game after training. */
  pointingScenes: number;
  outDir: string;
}

export const CLASSIFIER_TRAINING: ClassifierTraining = {
  seed: 1,
  inputSize: 64,
  batchSize: 32,
  epochs: 10,
  stepsPerEpoch: 45,
  peakLearningRate: 4e-3,
  finalLearningRate: 5e-5,
  warmupSteps: 20,
  headLearningRateFactor: 50,
  pointingScenes: 100,
  outDir: join(import.meta.dirname, '../models/classifier'),
};

/** Linear warm-up, then cosine decay to the final rate: large steps early, fine ones to finish. */
function learningRate(c: ClassifierTraining, step: number): number {
  const { peakLearningRate: peak, finalLearningRate: final, warmupSteps: warmup } = c;
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const t = (step - warmup) / Math.max(1, c.epochs * c.stepsPerEpoch - warmup);
  return final + 0.5 * (peak - final) * (1 + Math.cos(Math.PI * t));
}

/** Scene k of training is always the same scene: the data order is fixed by the seed. */
function trainingBatch(c: ClassifierTraining, step: number) {
  return Array.from({ length: c.batchSize }, (_, k) =>
    generateScene(sceneSeed(c.seed, step * c.batchSize + k), { size: c.inputSize }),
  );
}

/**
 * Adam for the encoder and a faster Adam for the dense head, on one backward pass. `targets`
 * gives a batch's multi-hot labels (the four shapes; experiments pass other label sets).
 */
export function makeClassifierStep(
  model: ReturnType<typeof buildClassifier>,
  c: ClassifierTraining,
  targets: (scenes: Scene[]) => tf.Tensor2D = scenesToTargets,
) {
  const read = (weights: { read(): tf.Tensor }[]) => weights.map((w) => w.read() as tf.Variable);
  const head = read(model.getLayer(CLASSIFIER_OUTPUT_LAYER).trainableWeights);
  const encoder = read(model.trainableWeights).filter((v) => !head.includes(v));
  const encoderOptimizer = tf.train.adam(c.peakLearningRate);
  const headOptimizer = tf.train.adam(c.peakLearningRate * c.headLearningRateFactor);
  const setRate = (optimizer: tf.Optimizer, rate: number) => {
    // Adam reads its rate at every step; the field is protected only in the typings.
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
  };
  const gradientsOf = (grads: tf.NamedTensorMap, variables: tf.Variable[]) =>
    variables.map((v) => ({ name: v.name, tensor: grads[v.name] }));

  const step = (index: number): { loss: number; exact: number } => {
    const scenes = trainingBatch(c, index);
    setRate(encoderOptimizer, learningRate(c, index));
    setRate(headOptimizer, learningRate(c, index) * c.headLearningRateFactor);
    return tf.tidy(() => {
      const x = scenesToTensor(scenes);
      const y = targets(scenes);
      let logits: tf.Tensor2D | undefined;
      const { value, grads } = tf.variableGrads(() => {
        // Kept past variableGrads' own tidy, to count this batch's hits without a second pass.
        logits = tf.keep(model.apply(x) as tf.Tensor2D);
        return tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar;
      }, [...encoder, ...head]);
      encoderOptimizer.applyGradients(gradientsOf(grads, encoder));
      headOptimizer.applyGradients(gradientsOf(grads, head));
      const exact = tf
        .equal(tf.cast(tf.greater(logits!, 0), 'float32'), y)
        .all(1)
        .sum();
      const figures = { loss: value.dataSync()[0], exact: exact.dataSync()[0] };
      logits!.dispose();
      return figures;
    });
  };
  const dispose = () => {
    encoderOptimizer.dispose();
    headOptimizer.dispose();
  };
  return { step, dispose };
}

/** Trains the classifier on fresh scenes, saves it with classifier.json, returns the figures. */
export async function trainClassifier(c: ClassifierTraining = CLASSIFIER_TRAINING) {
  const started = performance.now();
  const model = buildClassifier({ inputSize: c.inputSize, seed: c.seed });
  const training = makeClassifierStep(model, c);
  const heldOut = Array.from({ length: CLASSIFIER_HELD_OUT.scenes }, (_, i) =>
    generateScene(sceneSeed(CLASSIFIER_HELD_OUT.seed, i), { size: c.inputSize }),
  );
  const totalSteps = c.epochs * c.stepsPerEpoch;
  console.log(
    `classifier: ${model.countParams().toLocaleString()} parameters; ${totalSteps} steps of ${c.batchSize} fresh scenes (seed ${c.seed}); backend ${tf.getBackend()}`,
  );
  let evaluation = await evaluateClassifier(model, heldOut);
  await runEpochs({
    name: 'classifier',
    schedule: c,
    started,
    step: training.step,
    endOfEpoch: async (_, sums) => {
      evaluation = await evaluateClassifier(model, heldOut);
      return `train acc ${(sums.exact / (c.stepsPerEpoch * c.batchSize)).toFixed(3)}  held-out acc ${evaluation.exactMatch.toFixed(3)}`;
    },
  });
  const trainSeconds = seconds(started);
  const pointingSet = heldOut.slice(0, c.pointingScenes);
  const strict = await pointingGame(model, pointingSet);
  const tolerant = await pointingGame(model, pointingSet, { tolerance: STANDARD_TOLERANCE });
  console.log(
    `classifier pointing game (Grad-CAM at '${FEATURES_LAYER}', ${c.pointingScenes} held-out scenes), top class / every present shape: ` +
      `inside the mask ${strict.topClass.share.toFixed(3)} / ${strict.presentShapes.share.toFixed(3)}, ` +
      `within ${STANDARD_TOLERANCE} px ${tolerant.topClass.share.toFixed(3)} / ${tolerant.presentShapes.share.toFixed(3)}`,
  );

  await model.save(fileSystemSaver(c.outDir));
  const info: ClassifierInfo = {
    task: 'multi-label: which of the four shapes are present in the scene',
    classes: [...CLASSIFIER_CLASSES],
    inputSize: c.inputSize,
    preprocessing: CLASSIFIER_PREPROCESSING,
    output: `'${CLASSIFIER_OUTPUT_LAYER}': one logit per class; present when > 0 (sigmoid > 0.5)`,
    featuresLayer: FEATURES_LAYER,
    training: {
      seed: c.seed,
      steps: totalSteps,
      batchSize: c.batchSize,
      scenesSeen: totalSteps * c.batchSize,
      learningRate: `Adam, ${c.warmupSteps}-step warm-up to ${c.peakLearningRate}, cosine decay to ${c.finalLearningRate}; dense head x${c.headLearningRateFactor}`,
      backend: tf.getBackend(),
      seconds: Math.round(trainSeconds),
    },
    heldOut: {
      seed: CLASSIFIER_HELD_OUT.seed,
      scenes: CLASSIFIER_HELD_OUT.scenes,
      exactMatch: evaluation.exactMatch,
      perClass: evaluation.perClass,
      pointingGame: {
        scenes: c.pointingScenes,
        insideMask: { topClass: strict.topClass.share, presentShapes: strict.presentShapes.share },
        withinTolerance: {
          pixels: STANDARD_TOLERANCE,
          topClass: tolerant.topClass.share,
          presentShapes: tolerant.presentShapes.share,
        },
      },
    },
  };
  await writeFile(join(c.outDir, CLASSIFIER_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
  model.dispose();
  training.dispose();
  return {
    seconds: Math.round(trainSeconds),
    heldOutAccuracy: evaluation.exactMatch,
    pointingInsideMask: strict.topClass.share,
    pointingWithin4px: tolerant.topClass.share,
  };
}

export const classifierEntry: TrainingEntry = {
  name: 'classifier',
  budgetMinutes: 8,
  train: () => trainClassifier(),
};
