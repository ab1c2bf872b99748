/**
 * The words of a question, as the model's vocabulary spells them: lower case, Unicode-normalised,
 * punctuation dropped ("What's the colour?" -> what's, the, colour). Apostrophes inside a word
 * stay (VQA vocabularies keep "what's"); quotes around a word do not.
 */
export function tokenize(question: string): string[] {
  const words =
    question
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}'’]+/gu) ?? [];
  return words.map((w) => w.replace(/’/g, "'").replace(/^'+|'+$/g, '')).filter((w) => w !== '');
}
