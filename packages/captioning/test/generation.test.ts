// tfjs-core's main module first (through @gradcam/core): tfjs-layers and the engine share it.
import '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Captioner, type DecoderKind, generateCaption, scoreCaption } from '../src';
import { beamSearchCaption } from '../src/generate/beam-search';
import { useWasm } from './helpers/setup';
import { randomImage, setEndBias, tinyCaptioner } from './helpers/tiny-captioner';

beforeAll(useWasm);

const cases: [DecoderKind, number][] = [
  ['show-and-tell', -0.75],
  ['show-attend-tell', 1.4],
];
const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

describe.each(cases)('%s decoder', (kind, endBias) => {
  let captioner: Captioner;
  beforeAll(() => {
    captioner = tinyCaptioner(kind, 5);
    setEndBias(captioner, endBias);
  });
  afterAll(() => captioner.dispose());

  it('teacher forcing on the greedy caption gives the log-probabilities greedy decoding saw', async () => {
    const ends = new Set<boolean>();
    for (const seed of SEEDS) {
      const image = randomImage(seed);
      const greedy = await generateCaption(captioner, image, { maxLength: 8 });
      expect(greedy.ids.length).toBeGreaterThan(0);
      expect(greedy.logProbs).toHaveLength(greedy.ids.length);
      const words = greedy.finished ? greedy.ids.slice(0, -1) : greedy.ids;
      const [forced] = await scoreCaption(captioner, image, words, { includeEnd: greedy.finished });
      for (const [t, p] of forced.entries()) expect(Math.abs(p - greedy.logProbs[t])).toBeLessThan(1e-5);
      expect(greedy.logProb).toBeCloseTo(
        greedy.logProbs.reduce((a, b) => a + b, 0),
        5,
      );
      expect(greedy.tokens).toEqual(words.map((id) => captioner.vocabulary.tokenOf(id)));
      ends.add(greedy.finished);
      image.dispose();
    }
    // Both kinds of caption were seen: ended by <end>, and cut at maxLength.
    expect([...ends].sort()).toEqual([false, true]);
  });

  it('beam search with width 1 is greedy decoding', async () => {
    for (const seed of SEEDS) {
      const image = randomImage(seed);
      const greedy = await generateCaption(captioner, image, { maxLength: 8 });
      const beam = await generateCaption(captioner, image, { maxLength: 8, beamWidth: 1 });
      const one = await beamSearchCaption(captioner, image, {
        beamWidth: 1,
        maxLength: 8,
        lengthPenalty: 0,
      });
      for (const other of [beam, one]) {
        expect(other.ids).toEqual(greedy.ids);
        expect(other.finished).toBe(greedy.finished);
        for (const [t, p] of other.logProbs.entries())
          expect(Math.abs(p - greedy.logProbs[t])).toBeLessThan(1e-5);
      }
      image.dispose();
    }
  });

  it.each([0, 0.7, 1])(
    'beam search finds a caption scoring at least greedy (length penalty %s)',
    async (lengthPenalty) => {
      for (const seed of SEEDS) {
        const image = randomImage(seed);
        const greedy = await generateCaption(captioner, image, { maxLength: 10, lengthPenalty });
        const beam = await generateCaption(captioner, image, { maxLength: 10, lengthPenalty, beamWidth: 4 });
        expect(beam.score).toBeGreaterThanOrEqual(greedy.score - 1e-5);
        if (beam.finished) expect(beam.ids.at(-1)).toBe(captioner.vocabulary.end);
        // The beam's own log-probabilities are the model's, as teacher forcing computes them.
        const words = beam.finished ? beam.ids.slice(0, -1) : beam.ids;
        const [forced] = await scoreCaption(captioner, image, words, { includeEnd: beam.finished });
        for (const [t, p] of forced.entries()) expect(Math.abs(p - beam.logProbs[t])).toBeLessThan(1e-5);
        const length = beam.ids.length;
        expect(beam.score).toBeCloseTo(beam.logProb / length ** lengthPenalty, 5);
        image.dispose();
      }
    },
  );

  it('stops at maxLength and says the caption was cut', async () => {
    const image = randomImage(3);
    for (const beamWidth of [1, 3]) {
      const c = await generateCaption(captioner, image, { maxLength: 2, beamWidth });
      expect(c.ids.length).toBeLessThanOrEqual(2);
      if (!c.finished) expect(c.ids).not.toContain(captioner.vocabulary.end);
      expect(c.ids).not.toContain(captioner.vocabulary.pad);
      expect(c.ids).not.toContain(captioner.vocabulary.start);
    }
    image.dispose();
  });

  it('leaves no tensor behind', async () => {
    const image = randomImage(9);
    await generateCaption(captioner, image, { beamWidth: 3 });
    const before = tf.memory().numTensors;
    for (const beamWidth of [1, 3, 5]) await generateCaption(captioner, image, { beamWidth, maxLength: 6 });
    await scoreCaption(captioner, image, [4, 5, 6]);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it('refuses bad options with clear errors', async () => {
    const image = randomImage(1);
    await expect(generateCaption(captioner, image, { beamWidth: 0 })).rejects.toThrow(/beam width/);
    await expect(generateCaption(captioner, image, { maxLength: 1.5 })).rejects.toThrow(
      /maximum caption length/,
    );
    const two = tf.concat([image, image]) as tf.Tensor4D;
    await expect(generateCaption(captioner, two)).rejects.toThrow(/one image \[1, h, w, c\]/);
    tf.dispose([image, two]);
  });
});
