import type { CharacterDictionary } from './dictionary';

/** One character of a greedy CTC reading. */
export interface DecodedCharacter {
  char: string;
  classIndex: number;
  /** The time steps whose best class was this character, in one run (repeats collapsed). */
  steps: number[];
  /** Mean over those steps of the character's probability (PP-OCR's per-character confidence). */
  probability: number;
}

export interface DecodedLine {
  text: string;
  characters: DecodedCharacter[];
  /** Mean of the characters' probabilities (0 for an empty reading). */
  confidence: number;
}

/**
 * Greedy CTC decoding of one line's per-step probabilities `[T, C]` (row-major): the best class
 * at every step, runs of the same class merged, blanks (class 0) dropped. A character repeated
 * with a blank between its runs is read twice.
 */
export function ctcGreedyDecode(
  probabilities: ArrayLike<number>,
  steps: number,
  dictionary: CharacterDictionary,
): DecodedLine {
  const classes = dictionary.classes;
  const characters: DecodedCharacter[] = [];
  let previous = -1;
  let run: { classIndex: number; steps: number[]; sum: number } | undefined;
  const close = () => {
    if (!run) return;
    characters.push({
      char: dictionary.characters[run.classIndex],
      classIndex: run.classIndex,
      steps: run.steps,
      probability: run.sum / run.steps.length,
    });
    run = undefined;
  };
  for (let t = 0; t < steps; t++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if (probabilities[t * classes + c] > probabilities[t * classes + best]) best = c;
    }
    const p = probabilities[t * classes + best];
    if (best !== previous) close();
    if (best !== 0) {
      if (run) {
        run.steps.push(t);
        run.sum += p;
      } else {
        run = { classIndex: best, steps: [t], sum: p };
      }
    }
    previous = best;
  }
  close();
  const text = characters.map((c) => c.char).join('');
  const confidence =
    characters.length === 0 ? 0 : characters.reduce((s, c) => s + c.probability, 0) / characters.length;
  return { text, characters, confidence };
}
