import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededUniform } from '@gradcam/core';
import { writeImage } from '@gradcam/render';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { GraphModelBuilder } from '../../../../packages/tfjs/test/helpers/graph-model-builder';

/** Seeded initialisers: the same random model on every run. */
const seeded = (seed: number) => tfl.initializers.glorotNormal({ seed });

/**
 * A small random-weight image classifier as people build them: two ReLU convolutions, global
 * average pooling, a dense softmax. conv2 is the default explained layer (last 4-D before pooling).
 */
export function tinyClassifier(options: { size?: number; channels?: number; classes?: number } = {}) {
  const { size = 32, channels = 3, classes = 4 } = options;
  const input = tfl.input({ shape: [size, size, channels], name: 'image' });
  const conv = (filters: number, strides: number, name: string, seed: number) =>
    tfl.layers.conv2d({
      filters,
      kernelSize: 3,
      strides,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: seeded(seed),
      biasInitializer: tfl.initializers.randomUniform({ minval: 0, maxval: 0.1, seed: seed + 100 }),
      name,
    });
  let x = conv(8, 1, 'conv1', 1).apply(input) as tfl.SymbolicTensor;
  x = conv(12, 2, 'conv2', 2).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers
    .dense({ units: classes, activation: 'softmax', kernelInitializer: seeded(3), name: 'probs' })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'tiny' });
}

type Rng = () => number;

const integerBetween = (rng: Rng, low: number, high: number) => low + Math.floor(rng() * (high - low + 1));
const gaussian = (rng: Rng, sigma: number) =>
  sigma * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

/** A noisy picture with a few bright rectangles, so that the maps have something to show. */
export function drawPicture(width: number, height: number, rng: Rng) {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = 110 + gaussian(rng, 20);
  for (let r = integerBetween(rng, 1, 3); r > 0; r--) {
    const [x0, y0] = [integerBetween(rng, 0, width - 10), integerBetween(rng, 0, height - 10)];
    const colour = [0, 1, 2].map(() => integerBetween(rng, 0, 255));
    for (let y = y0; y < y0 + 10; y++)
      for (let x = x0; x < x0 + 10; x++)
        for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = colour[c];
  }
  return { data, width, height, channels: 3 as const };
}

/** Writes `count` seeded PNGs named `<prefix>-<i>.png` and returns their paths. */
export async function writePictures(
  dir: string,
  count: number,
  seed: number,
  prefix = 'pic',
  [width, height] = [48, 40],
): Promise<string[]> {
  const rng = seededUniform(seed);
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = `${dir}/${prefix}-${i}.png`;
    // Not the model's 32x32, so that resizing to the input and back to the image is exercised.
    await writeImage(file, drawPicture(width, height, rng));
    files.push(file);
  }
  return files;
}

/**
 * The converter's form of the tiny classifier's first layers, written as a GraphModel folder:
 * fused conv + ReLU (the given weights), Mean over space, MatMul to 3 seeded logits. `inputShape`
 * is what its input declares (-1: open).
 */
export function writeTinyGraphModel(
  dir: string,
  [kernel, bias]: tf.Tensor[],
  inputShape = [-1, 32, 32, 3],
): void {
  mkdirSync(dir, { recursive: true });
  const head = tf.randomNormal([kernel.shape[3] as number, 3], 0, 1, 'float32', 9);
  const axes = tf.tensor1d([1, 2], 'int32');
  const g = new GraphModelBuilder();
  const x = g.placeholder('image', inputShape);
  const c = g.fusedConv2d(
    'conv/Relu',
    x,
    g.constant('conv/kernel', kernel),
    g.constant('conv/bias', bias),
    'Relu',
  );
  const mean = g.op('gap/Mean', 'Mean', [c, g.constant('gap/axes', axes)], {
    T: { type: 'DT_FLOAT' },
    keep_dims: { b: false },
  });
  g.matMul('logits', mean, g.constant('fc/kernel', head));
  const { modelJson, weights } = g.toFiles();
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(join(dir, modelJson.weightsManifest[0].paths[0]), Buffer.from(weights));
  tf.dispose([head, axes]);
}
