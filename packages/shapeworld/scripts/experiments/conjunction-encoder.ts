/**
 * Experiment (issue #19): does pretraining the shared encoder on colour x shape conjunctions
 * (20-way multi-label, "is there a red circle?") give Grad-CAM channels specific to the object a
 * caption word names? Trains, in memory only (nothing committed is touched):
 *
 * 1. a conjunction classifier with the shape classifier's recipe, and scores Grad-CAM's pointing
 *    game for every present conjunction on held-out scenes;
 * 2. a captioner from each encoder (the committed shape classifier's, the conjunction one's), on
 *    the same short schedule, and scores caption precision/recall and Grad-CAM's pointing game
 *    on the colour and shape words, with @gradcam/metrics' pointingHits as everywhere else.
 *
 * `npx tsx scripts/experiments/conjunction-encoder.ts [--pretrain-steps 450] [--caption-steps 200]
 *  [--features 64] [--variants shapes,conjunctions]`; run it under `nice -n 10`.
 */
import { classTarget, explain } from '@gradcam/core';
import { pointingHits } from '@gradcam/metrics';
import { layersModelAdapter } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { captionPointingGame } from '../../src/models/caption-pointing';
import { buildClassifier } from '../../src/models/classifier';
import { scenesToTensor } from '../../src/models/classifier-data';
import { ENCODER_LAYOUT, type EncoderStep, encoderLayers, FEATURES_LAYER } from '../../src/models/encoder';
import { evaluateCaptioner } from '../../src/models/evaluate-captioner';
import { CAPTIONER_HELD_OUT, CLASSIFIER_HELD_OUT } from '../../src/models/held-out';
import { loadClassifier } from '../../src/models/load-classifier';
import { maskCellCounts } from '../../src/models/mask-cells';
import { buildReferenceCaptioner } from '../../src/models/reference-captioner';
import { generateScene, sceneSeed } from '../../src/world/generate-scene';
import { COLORS, SHAPES } from '../../src/world/palette';
import type { Scene } from '../../src/world/scene';
import { runEpochs } from '../epoch-loop';
import { seconds } from '../progress';
import { CAPTIONER_TRAINING, makeCaptionerStep } from '../train-captioner';
import { CLASSIFIER_TRAINING, makeClassifierStep } from '../train-classifier';
import { learningRate, setLearningRate } from '../train-steps';
import { useWasmForTraining } from '../wasm-backend';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const PRETRAIN_STEPS = Number(arg('--pretrain-steps', '450'));
const CAPTION_STEPS = Number(arg('--caption-steps', '200'));
const FEATURES = Number(arg('--features', '64'));
const VARIANTS = arg('--variants', 'shapes,conjunctions').split(',');
const POINTING_SCENES = 60;
const CAPTION_POINTING_SCENES = 50;
const CAPTION_EVAL_SCENES = 100;

const CONJUNCTIONS = COLORS.flatMap((color) => SHAPES.map((shape) => ({ color, shape })));
const conjunctionTargets = (scenes: Scene[]) =>
  tf.tensor2d(
    scenes.map((scene) =>
      CONJUNCTIONS.map(({ color, shape }) =>
        scene.objects.some((o) => o.color === color && o.shape === shape) ? 1 : 0,
      ),
    ),
  );

const layout: readonly EncoderStep[] = ENCODER_LAYOUT.map((step) =>
  'conv' in step && step.name === FEATURES_LAYER ? { ...step, conv: FEATURES } : step,
);

const BACKGROUND = CONJUNCTIONS.length;

/** Per cell of the 16x16 grid: the conjunction of the object covering at least half of it, else background. */
function cellTargets(scenes: Scene[], grid: number): tf.Tensor4D {
  const labels = new Float32Array(scenes.length * grid * grid * (BACKGROUND + 1));
  scenes.forEach((scene, n) => {
    const cellPixels = (scene.width / grid) ** 2;
    const owner = new Int32Array(grid * grid).fill(BACKGROUND);
    scene.objects.forEach((o, k) => {
      const conj = CONJUNCTIONS.findIndex((c) => c.color === o.color && c.shape === o.shape);
      maskCellCounts(scene, k, grid).forEach((count, cell) => {
        if (count >= cellPixels / 2) owner[cell] = conj;
      });
    });
    owner.forEach((label, cell) => {
      labels[(n * grid * grid + cell) * (BACKGROUND + 1) + label] = 1;
    });
  });
  return tf.tensor4d(labels, [scenes.length, grid, grid, BACKGROUND + 1]);
}

/**
 * Per-object attribute heads, densely: a 1x1 convolution on `features` names the conjunction (or
 * background) of every grid cell, trained with a per-cell softmax. Explained through the mean of
 * its cell logits (a linear head: Grad-CAM is CAM), one class per conjunction.
 */
async function trainCellClassifier(): Promise<LayersModel> {
  const c = { ...CLASSIFIER_TRAINING, epochs: PRETRAIN_STEPS / CLASSIFIER_TRAINING.stepsPerEpoch };
  const image = tfl.input({ shape: [c.inputSize, c.inputSize, 3], name: 'image' });
  const features = encoderLayers(image, { seed: c.seed, layout });
  const cells = tfl.layers
    .conv2d({
      name: 'cell_logits',
      filters: BACKGROUND + 1,
      kernelSize: 1,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: c.seed + 100 }),
    })
    .apply(features) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'logits' }).apply(cells) as tfl.SymbolicTensor;
  const cellModel = tfl.model({ inputs: image, outputs: cells });
  const model = tfl.model({ inputs: image, outputs: pooled });
  const variables = cellModel.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(c.peakLearningRate);
  const grid = c.inputSize / 4;
  await runEpochs({
    name: 'cells',
    schedule: c,
    started: performance.now(),
    step: (index) => {
      const scenes = Array.from({ length: c.batchSize }, (_, k) =>
        generateScene(sceneSeed(c.seed, index * c.batchSize + k), { size: c.inputSize }),
      );
      setLearningRate(optimizer, learningRate(c, index));
      return tf.tidy(() => {
        const x = scenesToTensor(scenes);
        const y = cellTargets(scenes, grid);
        let logits: tf.Tensor4D | undefined;
        const { value, grads } = tf.variableGrads(() => {
          logits = tf.keep(cellModel.apply(x) as tf.Tensor4D);
          return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
        }, variables);
        optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
        const right = tf.equal(logits!.argMax(-1), y.argMax(-1)).sum().dataSync()[0];
        logits!.dispose();
        return { loss: value.dataSync()[0], right };
      });
    },
    endOfEpoch: (_, sums) =>
      `cell acc ${(sums.right / (c.stepsPerEpoch * c.batchSize * grid * grid)).toFixed(3)}`,
  });
  optimizer.dispose();
  return model;
}

async function trainConjunctionClassifier(): Promise<LayersModel> {
  const schedule = { ...CLASSIFIER_TRAINING, epochs: PRETRAIN_STEPS / CLASSIFIER_TRAINING.stepsPerEpoch };
  const model = buildClassifier({ seed: schedule.seed, classes: CONJUNCTIONS.length, layout });
  const training = makeClassifierStep(model, schedule, conjunctionTargets);
  await runEpochs({
    name: 'conjunctions',
    schedule,
    started: performance.now(),
    step: training.step,
    endOfEpoch: (_, sums) =>
      `train exact ${(sums.exact / (schedule.stepsPerEpoch * schedule.batchSize)).toFixed(3)}`,
  });
  training.dispose();
  return model;
}

/** Grad-CAM at `features` for every present conjunction: strict and 4 px pointing. */
async function conjunctionPointing(model: LayersModel) {
  const scenes = Array.from({ length: POINTING_SCENES }, (_, i) =>
    generateScene(sceneSeed(CLASSIFIER_HELD_OUT.seed, i)),
  );
  const input = scenesToTensor(scenes);
  const targets = CONJUNCTIONS.map((c, k) => classTarget(k, { label: `${c.color} ${c.shape}` }));
  const explanation = await explain(layersModelAdapter(model, { layer: FEATURES_LAYER }), input, targets);
  input.dispose();
  let inside = 0;
  let near = 0;
  let onOther = 0;
  let total = 0;
  scenes.forEach((scene, i) => {
    CONJUNCTIONS.forEach(({ color, shape }, k) => {
      const object = scene.objects.find((o) => o.color === color && o.shape === shape);
      if (!object) return;
      const { map } = explanation.maps.find((m) => m.sample === i && m.target === k)!;
      const hits = pointingHits(map, { data: object.mask, width: map.width, height: map.height });
      total++;
      if (hits.inside) inside++;
      if (hits.near) near++;
      const at = hits.point.y * map.width + hits.point.x;
      if (!hits.inside && scene.objects.some((o) => o !== object && o.mask[at])) onOther++;
    });
  });
  return { targets: total, inside: inside / total, near: near / total, onAnotherObject: onOther / total };
}

/** With 'cells+aux': the pretrained cell head stays on `features` as a loss while the captioner trains. */
function cellAuxiliary(encoder: LayersModel) {
  const head = encoder.getLayer('cell_logits');
  const grid = CAPTIONER_TRAINING.inputSize / 4;
  return {
    variables: head.trainableWeights.map((w) => w.read() as tf.Variable),
    loss: (features: tf.Tensor, scenes: Scene[]) =>
      tf.losses.softmaxCrossEntropy(
        cellTargets(scenes, grid),
        head.apply(features) as tf.Tensor,
      ) as tf.Scalar,
  };
}

async function trainCaptionerFrom(encoder: LayersModel, name: string) {
  // 'cells+frozen': the encoder stays as pretrained, `features` included; only the decoder learns.
  const frozenLayers =
    name === 'cells+frozen' ? layout.map((step) => ('conv' in step ? step.name : step.pool)) : [];
  const schedule = {
    ...CAPTIONER_TRAINING,
    frozenLayers,
    epochs: CAPTION_STEPS / CAPTIONER_TRAINING.stepsPerEpoch,
  };
  const captioner = buildReferenceCaptioner({ seed: schedule.seed, inputSize: schedule.inputSize, layout });
  for (const layer of captioner.encoder.layers) {
    if (layer.getWeights().length > 0) layer.setWeights(encoder.getLayer(layer.name).getWeights());
  }
  const training = makeCaptionerStep(
    captioner,
    schedule,
    name === 'cells+aux' ? cellAuxiliary(encoder) : undefined,
  );
  await runEpochs({
    name: `captioner (${name})`,
    schedule,
    started: performance.now(),
    lossLabel: 'loss/word',
    step: (index) => ({ loss: training.step(index) }),
    endOfEpoch: () => '',
  });
  training.dispose();
  const heldOut = Array.from({ length: CAPTION_EVAL_SCENES }, (_, i) =>
    generateScene(sceneSeed(CAPTIONER_HELD_OUT.seed, i)),
  );
  const evaluation = evaluateCaptioner(captioner, heldOut);
  const pointing = await captionPointingGame(captioner, heldOut.slice(0, CAPTION_POINTING_SCENES));
  captioner.dispose();
  return {
    precision: evaluation.precision,
    recall: evaluation.recall,
    words: pointing.words,
    pointingInside: pointing.insideMask,
    pointingNear: pointing.withinTolerance.share,
    byRole: pointing.byRole,
  };
}

async function main() {
  console.log(`backend ${await useWasmForTraining()}; features ${FEATURES}; variants ${VARIANTS.join(', ')}`);
  for (const variant of VARIANTS) {
    const started = performance.now();
    let encoder: LayersModel;
    let pretraining: unknown = 'the committed shape classifier';
    if (variant === 'shapes') encoder = (await loadClassifier()).model;
    else if (variant === 'conjunctions') {
      encoder = await trainConjunctionClassifier();
      pretraining = await conjunctionPointing(encoder);
      console.log(`conjunction classifier, Grad-CAM pointing: ${JSON.stringify(pretraining)}`);
    } else if (variant.startsWith('cells')) {
      encoder = await trainCellClassifier();
      pretraining = await conjunctionPointing(encoder);
      console.log(`cell classifier, Grad-CAM pointing: ${JSON.stringify(pretraining)}`);
    } else throw new Error(`unknown variant '${variant}': shapes, conjunctions or cells`);
    const captioner = await trainCaptionerFrom(encoder, variant);
    encoder.dispose();
    console.log(
      `RESULT ${JSON.stringify({ variant, features: FEATURES, pretrainSteps: PRETRAIN_STEPS, captionSteps: CAPTION_STEPS, pretraining, captioner, seconds: Math.round(seconds(started)) })}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
