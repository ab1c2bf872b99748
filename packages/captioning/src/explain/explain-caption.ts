import {
  captionTarget,
  type ExplainOptions,
  explain,
  type MapData,
  type Target,
  wordTarget,
} from '@gradcam/core';
import { getBackend, type Tensor4D } from '@tensorflow/tfjs-core';
import type { Captioner } from '../captioner';
import { checkCaptionLength, checkImages } from '../check-input';
import { generateCaption } from '../generate/generate-caption';
import type { GeneratedCaption, GenerationOptions } from '../generate/options';
import { scoreCaption } from '../score-caption';
import { captionAdapter } from './caption-adapter';
import { resolveCaption } from './resolve-caption';
import { chooseWords, type WordChoice } from './word-choice';

export interface ExplainCaptionOptions
  extends Omit<ExplainOptions, 'keepRaw'>,
    Omit<GenerationOptions, 'beamWidth'> {
  /** The caption to explain; without one the model writes its own (greedy, or beam search). */
  caption?: string;
  /** Encoder layer to explain; default the encoder's last spatial layer. */
  layer?: string;
  /** Beam width when the model writes the caption; 1 (the default) is greedy decoding. */
  beam?: number;
  /** Only these words: positions in the caption, or words (each occurrence). Default all. */
  words?: WordChoice[];
  /** Where warnings go (unknown caption words); default console.warn. */
  onWarning?: (message: string) => void;
}

export interface WordMap {
  /** The vocabulary's token for the word (`<unk>` for an unknown one). */
  word: string;
  /** The word as the caption had it (the user's spelling of an unknown word). */
  text: string;
  /** Position in the caption: `wordTarget(index)`. */
  index: number;
  /** `log p(word | previous words, image)`. */
  logProb: number;
  /** Normalised map at the output size, and at the layer's grid. */
  map: MapData;
  lowres: MapData;
  unknown: boolean;
  /** With `guided`: guided backpropagation of the word, and Guided Grad-CAM, HWC at the input size. */
  guided?: MapData & { channels: number };
  guidedGradCam?: MapData & { channels: number };
}

export interface CaptionExplanation {
  /** The caption as explained: the vocabulary's tokens joined. */
  caption: string;
  /** `user` for a given caption; `greedy` or `beam` when the model wrote it. */
  source: 'user' | 'greedy' | 'beam';
  /** The caption's tokens (`<unk>` for unknown words), without `<end>`. */
  tokens: string[];
  /** `log p(token_t | token_<t, image)` of each of `tokens`. */
  logProbs: number[];
  /** `log p(<end> | caption, image)`: how complete the model finds the caption. */
  endLogProb: number;
  /** Maps of the chosen words, in caption order. */
  words: WordMap[];
  /** The whole caption's map: the gradient of its summed log-probability (`<end>` included). */
  captionMap: { map: MapData; lowres: MapData; logProb: number };
  /** Words of a given caption that the vocabulary lacks, as the user wrote them. */
  unknownWords: string[];
  /** The model's own caption when it wrote it (ids, per-token log-probabilities, score). */
  generated?: GeneratedCaption;
  layer: string;
  method: string;
  counterfactual: boolean;
  backend: string;
  /** `[1, h, w, channels]` of the explained layer. */
  activationShape: number[];
  timeMs: number;
}

/**
 * Grad-CAM maps for a caption of one image `[1, h, w, c]`: one map per word
 * (`log p(w_t | w_<t, image)`) and one for the whole caption (its summed log-probability), all
 * from one engine call, so that the words share backward passes. A given caption is tokenised
 * with the model's vocabulary (unknown words are reported, and explained as `<unk>`); without
 * one, the model's own caption is explained. No tensor outlives the call.
 */
export async function explainCaption(
  captioner: Captioner,
  image: Tensor4D,
  options: ExplainCaptionOptions = {},
): Promise<CaptionExplanation> {
  const started = performance.now();
  // Everything about the inputs is checked here, before any TF.js work.
  checkImages(captioner, image, 1);
  const { caption, layer, beam = 1, words: wordChoice, onWarning = console.warn, ...rest } = options;
  const { maxLength, lengthPenalty, ...engineOptions } = rest;
  let generated: GeneratedCaption | undefined;
  if (caption !== undefined) {
    const words = resolveCaption(captioner.vocabulary, caption, undefined).ids.length;
    checkCaptionLength(captioner, words);
  } else {
    generated = await generateCaption(captioner, image, {
      beamWidth: beam,
      // A caption the model writes fits the captioner's maximum (`<end>` counts in maxLength).
      maxLength: maxLength ?? Math.min(20, captioner.maxCaptionLength + 1),
      lengthPenalty,
    });
  }
  const resolved = resolveCaption(captioner.vocabulary, caption, generated);
  if (resolved.unknown.length > 0) {
    onWarning(
      `caption words not in the model's vocabulary, explained as <unk>: ${resolved.unknown.map((w) => `'${w}'`).join(', ')}`,
    );
  }
  const chosen = chooseWords(resolved, wordChoice);
  const adapter = captionAdapter(captioner, { layer, tokens: resolved.ids });
  const targets: Target[] = [
    ...chosen.map((i) => wordTarget(i, resolved.tokens[i])),
    captionTarget(resolved.tokens.join(' ')),
  ];
  const explanation = await explain(adapter, image, targets, engineOptions as ExplainOptions);
  const [logProbs] = await scoreCaption(captioner, image, resolved.ids);
  const mapOf = (target: number) => explanation.maps.find((m) => m.target === target)!;
  const whole = mapOf(chosen.length);
  return {
    caption: resolved.tokens.join(' '),
    source: generated ? (beam > 1 ? 'beam' : 'greedy') : 'user',
    tokens: resolved.tokens,
    logProbs: logProbs.slice(0, -1),
    endLogProb: logProbs[logProbs.length - 1],
    words: chosen.map((index, k) => {
      const m = mapOf(k);
      return {
        word: resolved.tokens[index],
        text: resolved.words[index],
        index,
        logProb: logProbs[index],
        map: m.map,
        lowres: m.lowres,
        unknown: resolved.unknownAt[index],
        ...(m.guided ? { guided: m.guided, guidedGradCam: m.guidedGradCam } : {}),
      };
    }),
    captionMap: { map: whole.map, lowres: whole.lowres, logProb: logProbs.reduce((a, b) => a + b, 0) },
    unknownWords: resolved.unknown,
    ...(generated ? { generated } : {}),
    layer: adapter.layer,
    method: explanation.method,
    counterfactual: explanation.counterfactual,
    backend: getBackend(),
    activationShape: explanation.activationShapes[0],
    timeMs: performance.now() - started,
  };
}
