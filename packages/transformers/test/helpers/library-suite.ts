import { registerWasmGradientKernels } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  explainImageCaption,
  generateIds,
  type ImageCaptioner,
  listEncoderLayers,
  loadImageCaptioner,
  preprocess,
  readModelDir,
  type TransformersModule,
  teacherForcedLogits,
} from '../../src';
import { testPicture, tinyModelDir } from './tiny-model';

/** The largest logit and the margin to the second largest, per position of `[1, T, vocab]`. */
function argmaxWithMargin(logits: tf.Tensor3D): { best: number[]; margin: number[] } {
  const rows = logits.arraySync()[0];
  const best: number[] = [];
  const margin: number[] = [];
  for (const row of rows) {
    const order = row.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]);
    best.push(order[0][1]);
    margin.push(order[0][0] - order[1][0]);
  }
  return { best, margin };
}

/**
 * What must hold with either transformers.js: it loads the generated folder offline and captions
 * with it; our teacher-forced import of the same graphs picks each generated token as its top
 * token; the explanation runs and leaves no tensor behind. One library per test file: the two
 * packages' native onnxruntime builds (1.14 and 1.21) cannot share one process.
 */
export function librarySuite(name: string, load: () => Promise<unknown>): void {
  describe(`with ${name}`, () => {
    let model: Awaited<ReturnType<typeof tinyModelDir>>;
    let transformers: TransformersModule;
    let captioner: ImageCaptioner;
    beforeAll(async () => {
      registerWasmGradientKernels();
      await tf.setBackend('wasm');
      model = await tinyModelDir();
      transformers = (await load()) as TransformersModule;
      captioner = await loadImageCaptioner(model.dir, { transformers });
    });
    afterAll(async () => {
      await captioner?.dispose();
      await model?.cleanup();
    });

    it("pipeline('image-to-text') loads the folder offline and captions", async () => {
      const t = transformers as TransformersModule & { pipeline: (...a: unknown[]) => Promise<any> };
      t.env.allowRemoteModels = false;
      t.env.localModelPath = `${model.root}/`;
      const pipe = await t.pipeline('image-to-text', 'tiny-vit-gpt2', { quantized: false, dtype: 'fp32' });
      const picture = testPicture(1);
      const [out] = await pipe(new t.RawImage(picture.data, picture.width, picture.height, 3));
      const { pixelValues } = await preprocess(captioner, picture);
      const ids = await generateIds(captioner, pixelValues, undefined);
      expect(out.generated_text.length).toBeGreaterThan(0);
      expect(out.generated_text).toBe(
        captioner.tokenizer.decode(ids.tokens, { skip_special_tokens: true }).trim(),
      );
      await pipe.dispose();
    });

    it('each generated token is the one our teacher-forced decoder scores highest (both decoder files)', async () => {
      const merged = { ...readModelDir(model.dir), decoderHasPast: true };
      const { loadOnnxFile } = await import('@gradcam/onnx');
      const mergedDecoder = await loadOnnxFile(
        merged.decoderFile.replace('decoder_model.onnx', 'decoder_model_merged.onnx'),
        { execution: 'tfjs' },
      );
      const layers = listEncoderLayers(captioner);
      let smallestMargin = Infinity;
      const captions = new Set<string>();
      try {
        for (const seed of [0, 1, 2, 3]) {
          const { pixelValues } = await preprocess(captioner, testPicture(seed));
          const generated = await generateIds(captioner, pixelValues, undefined);
          captions.add(captioner.tokenizer.decode(generated.tokens, { skip_special_tokens: true }));
          const fed = generated.sequence.slice(0, -1); // each step predicts the next token
          const pixels = tf.tensor4d(
            Float32Array.from(pixelValues.data as ArrayLike<number>),
            pixelValues.dims as [number, number, number, number],
          );
          const [states] = captioner.encoder.run({ [layers.input]: pixels }, [layers.output]);
          const logits = teacherForcedLogits(captioner.decoder, captioner.modelDir, states, fed);
          const viaMerged = teacherForcedLogits(mergedDecoder, merged, states, fed);
          const { best, margin } = argmaxWithMargin(logits);
          expect(best).toEqual(generated.sequence.slice(1));
          expect(tf.max(tf.abs(tf.sub(logits, viaMerged))).dataSync()[0]).toBeLessThan(1e-4);
          smallestMargin = Math.min(smallestMargin, ...margin);
          tf.dispose([pixels, states, logits, viaMerged]);
        }
      } finally {
        mergedDecoder.dispose();
      }
      // A match decided by a near-tie would prove nothing: the top two logits stay well apart.
      expect(smallestMargin).toBeGreaterThan(1e-3);
      expect(captions.size).toBeGreaterThan(1);
      console.log(
        `${name}: captions ${[...captions].map((c) => `"${c}"`).join(', ')}; smallest top-1/top-2 logit margin ${smallestMargin.toFixed(4)}`,
      );
    });

    it('explains every word and the caption, at the image size, and leaves no tensor behind', async () => {
      const picture = testPicture(2);
      await explainImageCaption(captioner, picture); // measures the encoder once
      const before = tf.memory().numTensors;
      const result = await explainImageCaption(captioner, picture);
      expect(tf.memory().numTensors).toBe(before);
      expect(result.source).toBe('greedy');
      expect(result.words.map((w) => w.index)).toEqual(result.tokens.map((_, i) => i));
      expect(result.layer).toBe('/encoder/layer.1/output/Add_output_0');
      expect(result.activationShape).toEqual([1, 4, 4, 32]);
      for (const w of [...result.words, result.captionMap]) {
        expect([w.map.width, w.map.height, w.lowres.width, w.lowres.height]).toEqual([40, 30, 4, 4]);
        expect(Math.max(...w.map.data)).toBeGreaterThan(0.9);
      }
      expect(result.captionMap.logProb).toBeCloseTo(
        result.logProbs.reduce((a, b) => a + b, 0) + result.endLogProb,
        4,
      );
      expect(result.library).toBe('given');
    });

    it('the one-call form (a folder) loads, explains and releases every tensor', async () => {
      const before = tf.memory().numTensors;
      const result = await explainImageCaption(model.dir, testPicture(0), {
        transformers,
        caption: 'a red circle',
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(result.tokens).toEqual(['a', 'red', 'circle']);
      expect(result.library).toBe('given');
    });

    it("explains a user's caption, naming words the tokenizer does not know", async () => {
      const result = await explainImageCaption(captioner, testPicture(3), {
        caption: 'a red zebra above',
        words: [1, '<unk>'],
      });
      expect(result.source).toBe('user');
      expect(result.tokens).toEqual(['a', 'red', '<unk>', 'above']);
      expect(result.unknownWords).toEqual(['zebra']);
      expect(result.words.map((w) => [w.index, w.word, w.unknown])).toEqual([
        [1, 'red', false],
        [2, '<unk>', true],
      ]);
    });
  });
}
