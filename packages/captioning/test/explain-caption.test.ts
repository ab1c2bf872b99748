// tfjs-core's main module first (through @gradcam/core): tfjs-layers and the engine share it.
import { captionTarget, explain, type MapData, outputTarget, type Target, wordTarget } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Captioner, captionAdapter, type DecoderKind, explainCaption, generateCaption } from '../src';
import { useWasm } from './helpers/setup';
import { randomImage, setEndBias, tinyCaptioner } from './helpers/tiny-captioner';

const CAPTION = 'a red circle above the square';

const maxDiff = (a: MapData, b: MapData) =>
  Math.max(...Array.from(a.data, (v, i) => Math.abs(v - b.data[i])));

let image: tf.Tensor4D;
beforeAll(async () => {
  await useWasm();
  image = randomImage(21);
});
afterAll(() => image.dispose());

const kinds: DecoderKind[] = ['show-and-tell', 'show-attend-tell'];

describe.each(kinds)('%s decoder', (kind) => {
  let captioner: Captioner;
  let ids: number[];
  beforeAll(() => {
    captioner = tinyCaptioner(kind, 2);
    ids = captioner.vocabulary.tokenize(CAPTION).ids;
  });
  afterAll(() => captioner.dispose());

  it('per-word maps from one batched call equal one call per word; the caption map is the summed target', async () => {
    const adapter = captionAdapter(captioner, { layer: 'conv1', tokens: ids });
    const T = ids.length + 1;
    const words = Array.from({ length: T }, (_, t) => wordTarget(t));
    const opts = { keepRaw: true };
    const batched = await explain(adapter, image, [...words, captionTarget()], opts);
    expect(batched.passes.count).toBe(1);
    expect(batched.passes.rowsPerPass).toBe(T + 1);
    for (let t = 0; t < T; t++) {
      const alone = await explain(adapter, image, words[t], opts);
      expect(maxDiff(batched.maps[t].map, alone.maps[0].map)).toBeLessThan(1e-5);
      expect(maxDiff(batched.maps[t].raw!, alone.maps[0].raw!)).toBeLessThan(1e-6);
      expect(batched.maps[t].score).toBeCloseTo(alone.maps[0].score, 6);
    }
    // captionTarget is the sum of the word targets, so its map is the map of that sum ...
    const summed: Target = outputTarget(
      'sum of words',
      (o) => tf.addN(words.map((w) => w.score(o))) as tf.Tensor1D,
    );
    const sumMap = await explain(adapter, image, summed, opts);
    const captionMap = batched.maps[T];
    expect(maxDiff(captionMap.map, sumMap.maps[0].map)).toBeLessThan(1e-5);
    expect(captionMap.score).toBeCloseTo(
      batched.maps.slice(0, T).reduce((s, m) => s + m.score, 0),
      4,
    );
    // ... and Grad-CAM's raw map being linear in the gradient, it is the sum of the words' raw maps.
    const rawSum = captionMap.raw!.data.map((_, i) =>
      batched.maps.slice(0, T).reduce((s, m) => s + m.raw!.data[i], 0),
    );
    const scale = Math.max(...Array.from(rawSum, Math.abs));
    expect(Math.max(...Array.from(captionMap.raw!.data, (v, i) => Math.abs(v - rawSum[i])))).toBeLessThan(
      1e-5 * scale + 1e-7,
    );
  });

  it('explainCaption: a map per word and for the caption, as explain() gives them', async () => {
    const result = await explainCaption(captioner, image, { caption: CAPTION, layer: 'conv1' });
    expect(result.source).toBe('user');
    expect(result.tokens).toEqual(['a', 'red', 'circle', 'above', 'the', 'square']);
    expect(result.words.map((w) => [w.index, w.word])).toEqual(result.tokens.map((t, i) => [i, t]));
    expect(result.layer).toBe('conv1');
    expect(result.method).toBe('gradcam');
    expect(result.activationShape).toEqual([1, 8, 8, 8]);
    const adapter = captionAdapter(captioner, { layer: 'conv1', tokens: ids });
    const direct = await explain(adapter, image, [...ids.map((_, t) => wordTarget(t)), captionTarget()]);
    for (const w of result.words) {
      expect(maxDiff(w.map, direct.maps[w.index].map)).toBeLessThan(1e-6);
      expect(maxDiff(w.lowres, direct.maps[w.index].lowres)).toBeLessThan(1e-6);
      expect(w.logProb).toBeCloseTo(direct.maps[w.index].score, 5);
      expect(w.map.width).toBe(16);
    }
    expect(maxDiff(result.captionMap.map, direct.maps[ids.length].map)).toBeLessThan(1e-6);
    expect(result.captionMap.logProb).toBeCloseTo(direct.maps[ids.length].score, 4);
    expect(result.captionMap.logProb).toBeCloseTo(
      result.logProbs.reduce((a, b) => a + b, 0) + result.endLogProb,
      4,
    );
  });

  it('explains a chosen subset of words, by position or by word', async () => {
    const all = await explainCaption(captioner, image, { caption: CAPTION });
    const some = await explainCaption(captioner, image, { caption: CAPTION, words: [4, 'circle', 'RED'] });
    expect(some.words.map((w) => w.word)).toEqual(['red', 'circle', 'the']);
    for (const w of some.words) expect(maxDiff(w.map, all.words[w.index].map)).toBeLessThan(1e-6);
    expect(maxDiff(some.captionMap.map, all.captionMap.map)).toBeLessThan(1e-6);
    await expect(explainCaption(captioner, image, { caption: CAPTION, words: [9] })).rejects.toThrow(
      /word position 9 is out of range: the caption has 6 words/,
    );
    await expect(explainCaption(captioner, image, { caption: CAPTION, words: ['blue'] })).rejects.toThrow(
      /'blue' is not a word of the caption/,
    );
  });

  it('counterfactual per-word maps negate the gradients', async () => {
    const result = await explainCaption(captioner, image, { caption: CAPTION, counterfactual: true });
    expect(result.counterfactual).toBe(true);
    const adapter = captionAdapter(captioner, { tokens: ids });
    const direct = await explain(adapter, image, [...ids.map((_, t) => wordTarget(t)), captionTarget()], {
      counterfactual: true,
      keepRaw: true,
    });
    const plain = await explain(adapter, image, wordTarget(0), { keepRaw: true });
    for (const w of result.words) expect(maxDiff(w.map, direct.maps[w.index].map)).toBeLessThan(1e-6);
    // Grad-CAM's weights are linear in the gradient: negated gradients, negated raw map.
    const negated = direct.maps[0].raw!.data;
    for (const [i, v] of plain.maps[0].raw!.data.entries()) expect(negated[i]).toBeCloseTo(-v, 5);
  });

  it('a user caption with an unknown word reports it by name and explains it as <unk>', async () => {
    const warnings: string[] = [];
    const result = await explainCaption(captioner, image, {
      caption: 'A red squircle above the square',
      onWarning: (m) => warnings.push(m),
    });
    expect(result.unknownWords).toEqual(['squircle']);
    expect(result.tokens).toEqual(['a', 'red', '<unk>', 'above', 'the', 'square']);
    expect(result.words[2]).toMatchObject({ word: '<unk>', text: 'squircle', unknown: true, index: 2 });
    expect(result.words[1]).toMatchObject({ word: 'red', text: 'red', unknown: false });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/'squircle'/);
    expect(warnings[0]).toMatch(/<unk>/);
    // The <unk> word is scored as <unk>: the same as a caption that says <unk> there.
    const explicit = await explainCaption(captioner, image, {
      caption: 'a red circle above the square',
      onWarning: () => {},
    });
    expect(result.logProbs[1]).toBeCloseTo(explicit.logProbs[1], 6);
    expect(result.logProbs[2]).not.toBeCloseTo(explicit.logProbs[2], 6);
  });

  it('without a caption, explains the model’s own (greedy or beam search)', async () => {
    const withWords = tinyCaptioner(kind, 5);
    setEndBias(withWords, -10);
    for (const beam of [1, 3]) {
      const generated = await generateCaption(withWords, image, { beamWidth: beam, maxLength: 5 });
      const result = await explainCaption(withWords, image, { beam, maxLength: 5 });
      expect(result.source).toBe(beam === 1 ? 'greedy' : 'beam');
      expect(result.generated?.ids).toEqual(generated.ids);
      expect(result.tokens).toEqual(generated.tokens);
      expect(result.words).toHaveLength(generated.tokens.length);
      for (const [t, p] of result.logProbs.entries()) expect(p).toBeCloseTo(generated.logProbs[t], 5);
    }
    withWords.dispose();
  });

  it('works with every CAM method and any encoder layer', async () => {
    for (const method of [
      'gradcampp',
      'xgradcam',
      'layercam',
      'hirescam',
      'eigencam',
      'scorecam',
      'ablationcam',
    ]) {
      for (const layer of ['conv1', 'features']) {
        const result = await explainCaption(captioner, image, {
          caption: 'a red circle',
          method,
          layer,
          batchSize: 16,
        });
        expect(result.method).toBe(method);
        expect(result.words).toHaveLength(3);
        for (const w of [...result.words.map((x) => x.map), result.captionMap.map]) {
          expect(w.data.every(Number.isFinite)).toBe(true);
        }
      }
    }
  });

  it('offers guided backpropagation and Guided Grad-CAM through the whole captioner', async () => {
    const result = await explainCaption(captioner, image, { caption: 'a red circle', guided: true });
    for (const w of result.words) {
      expect(w.guided).toMatchObject({ width: 16, height: 16, channels: 3 });
      expect(w.guidedGradCam).toMatchObject({ width: 16, height: 16, channels: 3 });
      expect(w.guided!.data.every(Number.isFinite)).toBe(true);
      expect(w.guided!.data.some((v) => v !== 0)).toBe(true);
    }
    // Different words, different evidence.
    expect(maxDiff(result.words[0].guided!, result.words[2].guided!)).toBeGreaterThan(0);
  });

  it('leaves no tensor behind', async () => {
    await explainCaption(captioner, image, { caption: CAPTION });
    const before = tf.memory().numTensors;
    await explainCaption(captioner, image, { caption: CAPTION, method: 'gradcampp' });
    await explainCaption(captioner, image, { caption: 'a squircle', onWarning: () => {} });
    await explainCaption(captioner, image, { beam: 2, maxLength: 4 }).catch(() => {});
    await explainCaption(captioner, image, { maxLength: 4 }).catch(() => {});
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says what is wrong with a caption or a layer', async () => {
    await expect(explainCaption(captioner, image, { caption: ' ,. ' })).rejects.toThrow(/has no words/);
    const two = tf.concat([image, image]) as tf.Tensor4D;
    await expect(explainCaption(captioner, two, { caption: 'a' })).rejects.toThrow(
      /one image \[1, 16, 16, 3\] .*got a tensor of shape \[2, 16, 16, 3\]/,
    );
    two.dispose();
    await expect(explainCaption(captioner, image, { caption: 'a', layer: 'nope' })).rejects.toThrow(
      /unknown layer 'nope'; explainable layers: conv1 \[batch, 8, 8, 8\], features \[batch, 4, 4, 12\]/,
    );
  });
});
