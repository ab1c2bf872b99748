import { GradcamError } from '@gradcam/core';
import type { ResolvedCaption } from './resolve-caption';

/** A word to explain: its position in the caption, or the word itself (every occurrence). */
export type WordChoice = number | string;

/** The positions to explain, in caption order, each once; all of them by default. */
export function chooseWords(caption: ResolvedCaption, choice: readonly WordChoice[] | undefined): number[] {
  const n = caption.ids.length;
  if (choice === undefined) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  for (const c of choice) {
    if (typeof c === 'number') {
      if (!(Number.isInteger(c) && c >= 0 && c < n)) {
        throw new GradcamError(
          `word position ${c} is out of range: the caption has ${n} words (0..${n - 1})`,
        );
      }
      picked.add(c);
      continue;
    }
    const lower = c.toLowerCase();
    const at = caption.tokens
      .map((t, i) => (t === lower || caption.words[i].toLowerCase() === lower ? i : -1))
      .filter((i) => i >= 0);
    if (at.length === 0) {
      throw new GradcamError(`'${c}' is not a word of the caption '${caption.words.join(' ')}'`);
    }
    for (const i of at) picked.add(i);
  }
  if (picked.size === 0) throw new GradcamError('no words chosen to explain');
  return [...picked].sort((a, b) => a - b);
}
