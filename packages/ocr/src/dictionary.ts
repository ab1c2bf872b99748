import { fail } from '@gradcam/core';

/**
 * A CTC recogniser's classes: class 0 is the CTC blank, then one class per dictionary line, then
 * (PP-OCR's `use_space_char`) a space.
 */
export interface CharacterDictionary {
  /** Class index to character; index 0 (the blank) is ''. */
  readonly characters: readonly string[];
  readonly classes: number;
}

export interface DictionaryOptions {
  /** Append a space class after the file's characters, as PP-OCR models trained with `use_space_char` (default true). */
  space?: boolean;
}

/** A dictionary from its text: one character per line, as PP-OCR's `ppocr_keys_v1.txt`. */
export function parseDictionary(text: string, options: DictionaryOptions = {}): CharacterDictionary {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0)
    fail('the character dictionary is empty: give the text file the recogniser was trained with');
  const characters = ['', ...lines, ...(options.space === false ? [] : [' '])];
  return { characters, classes: characters.length };
}

/** Refuses a dictionary whose classes are not the model's: every decoded character would be wrong. */
export function checkDictionary(dictionary: CharacterDictionary, modelClasses: number, source: string): void {
  if (dictionary.classes === modelClasses) return;
  const lines = dictionary.classes - 1;
  fail(
    `the dictionary ${source} gives ${dictionary.classes} classes (the blank + ${lines} characters, the space included), ` +
      `but the recognition model has ${modelClasses}; give the dictionary the model was trained with` +
      (dictionary.classes === modelClasses + 1 ? ' (or one without the space class)' : ''),
  );
}
