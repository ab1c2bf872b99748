import { CAPTION_FUNCTION_WORDS } from './captions';
import { COLORS, SHAPE_PLURALS, SHAPES } from './palette';
import { ANSWERS, QUESTION_TYPES } from './questions';
import { RELATIONS } from './relations';

const unique = (words: Iterable<string>) => [...new Set(words)];
const relationWords = () => RELATIONS.flatMap((r) => r.split(' '));

/** Function words of the question templates (questions.ts), in a fixed order. */
const QUESTION_FUNCTION_WORDS = [
  'what',
  'color',
  'shape',
  'is',
  'the',
  'object',
  'there',
  'a',
  'how',
  'many',
  'are',
];

/**
 * Every word a caption can have, in a fixed order: function words, relation words, colours,
 * shapes. No special tokens: the captioning package adds its own.
 */
export function captionVocabulary(): string[] {
  return unique([...CAPTION_FUNCTION_WORDS, ...relationWords(), ...COLORS, ...SHAPES]);
}

/** Every word a question can have (without the question mark), in a fixed order. */
export function questionVocabulary(): string[] {
  return unique([
    ...QUESTION_FUNCTION_WORDS,
    ...relationWords(),
    ...COLORS,
    ...SHAPES,
    ...SHAPES.map((s) => SHAPE_PLURALS[s]),
  ]);
}

/** Every answer, types in QUESTION_TYPES order, each type's answers in their order; no repeats. */
export function answerVocabulary(): string[] {
  return unique(QUESTION_TYPES.flatMap((t) => ANSWERS[t]));
}
