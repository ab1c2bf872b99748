import { GradcamError } from '@gradcam/core';
import type { ImageCaptioner } from '../model-dir/load-captioner';

export interface ReadCaption {
  ids: number[];
  /** Each token decoded alone. */
  tokens: string[];
  /** The caption decoded whole. */
  text: string;
  unknownAt: boolean[];
  /** Words of a given caption that the tokenizer could only read as its unknown token. */
  unknownWords: string[];
}

/** Token ids of a caption with the model's own tokenizer, no special tokens (v2 and v3 differ in the signature). */
function encode(captioner: ImageCaptioner, text: string): number[] {
  const { tokenizer, library } = captioner;
  const options = { add_special_tokens: false };
  const encodeAny = tokenizer.encode as (...args: unknown[]) => number[];
  return library.major >= 3
    ? encodeAny.call(tokenizer, text, options)
    : encodeAny.call(tokenizer, text, null, options);
}

/** The caption to explain: the user's, tokenised, or the generated ids. */
export function readCaption(
  captioner: ImageCaptioner,
  caption: string | undefined,
  generated: number[] | undefined,
): ReadCaption {
  const { tokenizer } = captioner;
  const unk = (tokenizer.model as { unk_token_id?: number }).unk_token_id;
  let ids: number[];
  const unknownWords: string[] = [];
  if (caption !== undefined) {
    if (caption.trim() === '') throw new GradcamError('the caption is empty: give at least one word');
    ids = encode(captioner, caption);
    if (unk !== undefined) {
      for (const word of caption.trim().split(/\s+/))
        if (encode(captioner, word).includes(unk)) unknownWords.push(word);
    }
  } else {
    ids = generated ?? [];
  }
  return {
    ids,
    tokens: ids.map((id) => tokenizer.decode([id], { skip_special_tokens: false }).trim()),
    text: tokenizer.decode(ids, { skip_special_tokens: true }).trim(),
    unknownAt: ids.map((id) => id === unk),
    unknownWords,
  };
}
