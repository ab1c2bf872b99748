import { GradcamError } from '@gradcam/core';
import type { GeneratedCaption } from '../generate/options';
import type { Vocabulary } from '../vocabulary';

/** The caption to explain, as ids, tokens and the words they stand for. */
export interface ResolvedCaption {
  ids: number[];
  tokens: string[];
  /** Each word as given (the user's spelling) or generated. */
  words: string[];
  unknownAt: boolean[];
  unknown: string[];
}

/** A user's caption tokenised with the model's vocabulary, or the model's own caption. */
export function resolveCaption(
  vocabulary: Vocabulary,
  caption: string | undefined,
  generated: GeneratedCaption | undefined,
): ResolvedCaption {
  if (caption === undefined) {
    if (!generated) throw new GradcamError('no caption to explain: give one, or let the model write one');
    const ids = generated.finished ? generated.ids.slice(0, -1) : generated.ids.slice();
    if (ids.length === 0) {
      throw new GradcamError(
        'the model ended its caption before any word, so there is no word to explain; give a caption',
      );
    }
    const tokens = ids.map((id) => vocabulary.tokenOf(id));
    return { ids, tokens, words: tokens, unknownAt: ids.map(() => false), unknown: [] };
  }
  const tokenized = vocabulary.tokenize(caption);
  if (tokenized.ids.length === 0) {
    throw new GradcamError(
      `the caption '${caption}' has no words: give a caption with at least one word, or leave caption out to explain the model's own`,
    );
  }
  return {
    ids: tokenized.ids,
    tokens: tokenized.tokens,
    words: tokenized.words,
    unknownAt: tokenized.words.map((w) => vocabulary.idOf(w) === undefined),
    unknown: tokenized.unknown,
  };
}
