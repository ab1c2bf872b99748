import type { PanelKind } from './types';

/** The words the page uses for its panels, so that a caption's page speaks of words, not panels. */
export interface KindText {
  heading: string;
  hint: string;
}

export const KIND_TEXT: Record<PanelKind, KindText> = {
  words: {
    heading: 'Words of the caption',
    hint: 'Click or hover a word to see where the model looked for it. Tab or ← → move between words.',
  },
  answers: {
    heading: 'Answers',
    hint: 'Click or hover an answer to see its map. Tab or ← → move between answers.',
  },
  classes: {
    heading: 'Classes',
    hint: 'Click or hover a class to see its map. Tab or ← → move between classes.',
  },
};
