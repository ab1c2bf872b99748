import { EMOJI_WORD } from '@gradcam/core';

// Runs of letters, digits and apostrophes, or one emoji (a word the vocabulary will not know,
// reported as unknown rather than dropped).
const WORD = new RegExp(`[\\p{L}\\p{N}'’]+|${EMOJI_WORD}`, 'gu');

/**
 * The words of a question, as the model's vocabulary spells them: lower case, Unicode-normalised,
 * punctuation dropped ("What's the colour?" -> what's, the, colour). Apostrophes inside a word
 * stay (VQA vocabularies keep "what's"); quotes around a word do not.
 */
export function tokenize(question: string): string[] {
  const words = question.normalize('NFKC').toLowerCase().match(WORD) ?? [];
  return words.map((w) => w.replace(/’/g, "'").replace(/^'+|'+$/g, '')).filter((w) => w !== '');
}
