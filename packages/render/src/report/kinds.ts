import type { PanelKind } from './types';

/** The words the page uses for its panels, so that a caption's page speaks of words, not panels. */
export interface KindText {
  heading: string;
  noun: string;
  hint: string;
}

export const KIND_TEXT: Record<PanelKind, KindText> = {
  words: {
    heading: 'Words of the caption',
    noun: 'word',
    hint: 'Click or hover a word to see where the model looked for it. Tab or ← → move between words.',
  },
  answers: {
    heading: 'Answers',
    noun: 'answer',
    hint: 'Click or hover an answer to see its map. Tab or ← → move between answers.',
  },
  classes: {
    heading: 'Classes',
    noun: 'class',
    hint: 'Click or hover a class to see its map. Tab or ← → move between classes.',
  },
};
