import { GradcamError } from '@gradcam/core';
import type { Vocabulary } from '../vocabulary';

export interface GenerationOptions {
  /** Hypotheses kept per step; 1 is greedy decoding (the default). */
  beamWidth?: number;
  /** Most tokens generated, `<end>` included (default 20). */
  maxLength?: number;
  /**
   * Length normalisation: captions are ranked by `logProb / length^alpha` (length counting
   * `<end>`). 0 (the default) ranks by the plain log-probability, which favours short captions;
   * 1 by the mean per token; GNMT uses about 0.6-0.7.
   */
  lengthPenalty?: number;
}

/** A caption the model wrote, with the log-probability of each token. */
export interface GeneratedCaption {
  /** Token ids: the words and, when the caption finished, `<end>`. */
  ids: number[];
  /** The vocabulary's token for each word (no `<end>`). */
  tokens: string[];
  caption: string;
  /** `log p(token | previous tokens, image)` for each of `ids`. */
  logProbs: number[];
  /** Their sum: the log-probability of the caption. */
  logProb: number;
  /** `logProb / length^lengthPenalty`, what generation ranks by. */
  score: number;
  /** False when `maxLength` cut the caption before `<end>`. */
  finished: boolean;
}

export interface ResolvedGenerationOptions {
  beamWidth: number;
  maxLength: number;
  lengthPenalty: number;
}

export function resolveGenerationOptions(options: GenerationOptions): ResolvedGenerationOptions {
  const { beamWidth = 1, maxLength = 20, lengthPenalty = 0 } = options;
  if (!(Number.isInteger(beamWidth) && beamWidth >= 1)) {
    throw new GradcamError(`beam width must be a positive integer, got ${beamWidth}`);
  }
  if (!(Number.isInteger(maxLength) && maxLength >= 1)) {
    throw new GradcamError(`maximum caption length must be a positive integer, got ${maxLength}`);
  }
  if (!(Number.isFinite(lengthPenalty) && lengthPenalty >= 0)) {
    throw new GradcamError(`length penalty must be a number >= 0, got ${lengthPenalty}`);
  }
  return { beamWidth, maxLength, lengthPenalty };
}

/** The ranking score of a caption of `length` tokens. */
export function normalizedScore(logProb: number, length: number, lengthPenalty: number): number {
  return lengthPenalty === 0 ? logProb : logProb / Math.max(1, length) ** lengthPenalty;
}

/**
 * Tokens generation never picks: `<pad>` and `<start>` are not words. They keep their share of the
 * softmax, so that the reported log-probabilities are the model's, as teacher forcing computes them.
 */
export function isBanned(id: number, vocabulary: Vocabulary): boolean {
  return id === vocabulary.pad || id === vocabulary.start;
}

export function generatedCaption(
  ids: number[],
  logProbs: number[],
  finished: boolean,
  vocabulary: Vocabulary,
  lengthPenalty: number,
): GeneratedCaption {
  const words = finished ? ids.slice(0, -1) : ids;
  const logProb = logProbs.reduce((a, b) => a + b, 0);
  return {
    ids,
    tokens: words.map((id) => vocabulary.tokenOf(id)),
    caption: vocabulary.detokenize(words),
    logProbs,
    logProb,
    score: normalizedScore(logProb, ids.length, lengthPenalty),
    finished,
  };
}
