// Loaded before @gradcam/core on purpose: tfjs-core's main entry installs the op handler that
// tensor.clone() needs, and core's deep imports into tfjs-core must not be the first to define the
// global Tensor class (core's own tests import it first as well).
import '@tensorflow/tfjs-core';
import { rmSync } from 'node:fs';
import { selectBackend } from '@gradcam/core';
import { toTensor } from '@gradcam/render';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ColourDetector, colourDetector } from '../src/demo/colour-detector';
import { COLOURS } from '../src/demo/colours';
import { seededRng } from '../src/demo/rng';
import { explainScenes } from '../src/demo/run-demo';
import { drawScene } from '../src/demo/scene';
import { freshDir } from './helpers/run-cli';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('the hand-made colour detector', () => {
  let model: ColourDetector;
  beforeAll(() => {
    model = colourDetector();
  });
  afterAll(() => model.dispose());

  it('colour_maps is NHWC [1, h/2, w/2, 3]', () => {
    const input = toTensor(drawScene(32, seededRng(5)).image);
    const { activations } = model.body(input);
    expect(activations.shape).toEqual([1, 16, 16, 3]);
    tf.dispose([input, activations]);
  });

  it('says yes (positive logit) to exactly the colours in a scene', async () => {
    const rng = seededRng(11);
    for (let i = 0; i < 20; i++) {
      const scene = drawScene(96, rng);
      const input = toTensor(scene.image);
      const logits = model.predict(input);
      const values = await logits.data();
      tf.dispose([input, logits]);
      const present = new Set(scene.objects.map((o) => o.colour));
      for (const [c, colour] of COLOURS.entries()) {
        expect(values[c] > 0, `scene ${i}, ${colour}`).toBe(present.has(colour));
      }
    }
  });

  it("the head's gradient equals a central finite difference at one position", async () => {
    const input = toTensor(drawScene(32, seededRng(3)).image);
    const { activations } = model.body(input);
    input.dispose();
    const [, h, w, k] = activations.shape;
    const base = (await activations.data()) as Float32Array;
    const position = { y: 5, x: 9, channel: 1 };
    const flat = (position.y * w + position.x) * k + position.channel;
    const eps = 1e-2;
    for (let c = 0; c < COLOURS.length; c++) {
      const logit = (a: tf.Tensor4D) => model.head(a, {}).slice([0, c], [1, 1]).sum() as tf.Scalar;
      const gradient = tf.tidy(() => tf.grad((a: tf.Tensor) => logit(a as tf.Tensor4D))(activations));
      const analytic = (await gradient.data())[flat];
      gradient.dispose();
      const shifted = (delta: number) => {
        const data = base.slice();
        data[flat] += delta;
        return tf.tidy(() => logit(tf.tensor4d(data, activations.shape)).dataSync()[0]);
      };
      const numeric = (shifted(eps) - shifted(-eps)) / (2 * eps);
      expect(Math.abs(analytic - numeric)).toBeLessThan(1e-3 * Math.abs(numeric));
      // The design in the model's comments: alpha_k = W[k][c] / (h * w).
      expect(analytic).toBeCloseTo((c === position.channel ? 100 : -5) / (h * w), 5);
    }
    activations.dispose();
  });

  it('rejects inputs that are not RGB batches', () => {
    const grey = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
    expect(() => model.body(grey)).toThrow(/RGB images \[n, h, w, 3\], got shape \[1, 8, 8, 1\]/);
    grey.dispose();
  });
});

describe('explainScenes', () => {
  it('leaves no tensor behind', async () => {
    const out = freshDir();
    const before = tf.memory().numTensors;
    const scenes = await explainScenes({ out, method: 'gradcam', size: 64, scenes: 2, seed: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(scenes.flatMap((s) => s.objects).every((o) => o.hit)).toBe(true);
    rmSync(out, { recursive: true, force: true });
  });
});
