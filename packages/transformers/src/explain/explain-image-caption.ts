import {
  captionTarget,
  type ExplainOptions,
  explain,
  GradcamError,
  type MapData,
  type Target,
  wordTarget,
} from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  type CaptionImage,
  type ImageCaptioner,
  type LoadCaptionerOptions,
  loadImageCaptioner,
  preprocess,
} from '../model-dir/load-captioner';
import { transformerCaptionAdapter } from './caption-adapter';
import { type EncoderLayers, encoderLayers } from './encoder-layers';
import { type GeneratedIds, generateIds } from './generate';
import { readCaption } from './read-caption';

export interface ExplainImageCaptionOptions
  extends Omit<ExplainOptions, 'keepRaw' | 'guided'>,
    LoadCaptionerOptions {
  /** The caption to explain; without one transformers.js writes the model's own (greedy). */
  caption?: string;
  /** Encoder tensor to explain (default: the last encoder block's output); see `listEncoderLayers`. */
  layer?: string;
  /** Longest caption transformers.js may write, start token included (default: the model's generation config). */
  maxLength?: number;
  /** Only these tokens: positions in the caption, or token texts (each occurrence). Default all. */
  words?: (number | string)[];
}

export interface TokenMap {
  /** The token as the tokenizer decodes it alone (a word, or a piece of one). */
  word: string;
  /** Same as `word` (the field name the captioning report reads). */
  text: string;
  /** Position in the caption: `wordTarget(index)`. */
  index: number;
  id: number;
  /** `log p(token | previous tokens, image)`. */
  logProb: number;
  /** Normalised map at the output size (default the image's own size), and on the patch grid. */
  map: MapData;
  lowres: MapData;
  /** The tokenizer's unknown token. */
  unknown: boolean;
}

/** Shaped like @gradcam/captioning's CaptionExplanation, so that its report pages take it. */
export interface ImageCaptionExplanation {
  caption: string;
  source: 'user' | 'greedy';
  /** The caption's tokens as decoded one by one, and their ids (no start or end token). */
  tokens: string[];
  ids: number[];
  logProbs: number[];
  /** `log p(end | caption, image)`. */
  endLogProb: number;
  words: TokenMap[];
  /** The whole caption's map: its summed log-probability, the end token included. */
  captionMap: { map: MapData; lowres: MapData; logProb: number };
  /** Words of a given caption that became the unknown token. */
  unknownWords: string[];
  /** What transformers.js generated, when it wrote the caption. */
  generatedIds?: GeneratedIds;
  /** `@huggingface/transformers`, `@xenova/transformers` or `given`. */
  library: string;
  layer: string;
  method: string;
  counterfactual: boolean;
  backend: string;
  /** `[1, rows, cols, width]` of the explained patch tokens. */
  activationShape: number[];
  timeMs: number;
}

const layerCache = new WeakMap<ImageCaptioner, EncoderLayers>();

/** The encoder tensors that can be explained (measured once per captioner). */
export function listEncoderLayers(captioner: ImageCaptioner): EncoderLayers {
  let layers = layerCache.get(captioner);
  if (!layers) {
    layers = encoderLayers(captioner.encoder, captioner.modelDir.imageSize, captioner.modelDir.grid);
    layerCache.set(captioner, layers);
  }
  return layers;
}

/**
 * Grad-CAM of a transformers.js caption, word by word: transformers.js preprocesses the image and
 * (without `caption`) writes the caption; the encoder and decoder graphs, imported as TF.js ops,
 * are teacher-forced on it; every token and the whole caption get a map over the patch grid from
 * one engine call (the tokens share backward passes). `model` is a model folder (loaded and
 * released here) or a loaded `ImageCaptioner`. No tensor outlives the call.
 */
export async function explainImageCaption(
  model: string | ImageCaptioner,
  image: CaptionImage,
  options: ExplainImageCaptionOptions = {},
): Promise<ImageCaptionExplanation> {
  const started = performance.now();
  const { transformers, caption, layer, maxLength, words: chosenWords, ...engineOptions } = options;
  const captioner = typeof model === 'string' ? await loadImageCaptioner(model, { transformers }) : model;
  try {
    const layers = listEncoderLayers(captioner);
    const { pixelValues, height, width } = await preprocess(captioner, image);
    const generated =
      caption === undefined ? await generateIds(captioner, pixelValues, maxLength) : undefined;
    const read = readCaption(captioner, caption, generated?.tokens);
    if (read.ids.length === 0) {
      throw new GradcamError(
        caption === undefined
          ? 'the model wrote an empty caption (its first token was the end token): there is no word to explain'
          : 'the caption has no tokens: give a caption of at least one word',
      );
    }
    const positions = choosePositions(read.tokens, chosenWords);
    const pixels = tf.tensor4d(
      Float32Array.from(pixelValues.data as ArrayLike<number>),
      pixelValues.dims as [number, number, number, number],
    );
    try {
      const adapter = transformerCaptionAdapter(captioner, layers, { layer, tokens: read.ids });
      const targets: Target[] = [
        ...positions.map((i) => wordTarget(i, read.tokens[i])),
        captionTarget(read.tokens.join(' ')),
      ];
      const explanation = await explain(adapter, pixels, targets, {
        ...engineOptions,
        outputSize: engineOptions.outputSize ?? [height, width],
      });
      const logProbs = scoreTokens(adapter, pixels);
      const mapOf = (target: number) => explanation.maps.find((m) => m.target === target)!;
      const whole = mapOf(positions.length);
      return {
        caption: read.text,
        source: generated ? 'greedy' : 'user',
        tokens: read.tokens,
        ids: read.ids,
        logProbs: logProbs.slice(0, -1),
        endLogProb: logProbs[logProbs.length - 1],
        words: positions.map((index, k) => ({
          word: read.tokens[index],
          text: read.tokens[index],
          index,
          id: read.ids[index],
          logProb: logProbs[index],
          map: mapOf(k).map,
          lowres: mapOf(k).lowres,
          unknown: read.unknownAt[index],
        })),
        captionMap: { map: whole.map, lowres: whole.lowres, logProb: logProbs.reduce((a, b) => a + b, 0) },
        unknownWords: read.unknownWords,
        ...(generated ? { generatedIds: generated } : {}),
        library: captioner.library.name,
        layer: adapter.layer,
        method: explanation.method,
        counterfactual: explanation.counterfactual,
        backend: explanation.backend,
        activationShape: explanation.activationShapes[0],
        timeMs: performance.now() - started,
      };
    } finally {
      pixels.dispose();
    }
  } finally {
    if (typeof model === 'string') await captioner.dispose();
  }
}

/** Each token's log-probability (the end token last), from one pass through body and head. */
function scoreTokens(adapter: ReturnType<typeof transformerCaptionAdapter>, pixels: tf.Tensor4D): number[] {
  return tf.tidy(() => {
    const { activations, context } = adapter.body(pixels);
    return Array.from(adapter.head(activations, context).tokenLogProbs.dataSync());
  });
}

/** Positions of the chosen tokens: numbers are positions, strings match token texts. */
function choosePositions(tokens: string[], chosen: (number | string)[] | undefined): number[] {
  if (!chosen) return tokens.map((_, i) => i);
  const positions = new Set<number>();
  for (const c of chosen) {
    if (typeof c === 'number') {
      if (!Number.isInteger(c) || c < 0 || c >= tokens.length) {
        throw new GradcamError(
          `word position ${c} is outside the caption's ${tokens.length} tokens (0..${tokens.length - 1})`,
        );
      }
      positions.add(c);
    } else {
      const found = tokens.flatMap((t, i) => (t === c ? [i] : []));
      if (found.length === 0) {
        throw new GradcamError(
          `'${c}' is not a token of the caption; its tokens are ${tokens.map((t) => `'${t}'`).join(', ')}`,
        );
      }
      for (const i of found) positions.add(i);
    }
  }
  return [...positions].sort((a, b) => a - b);
}
