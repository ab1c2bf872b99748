import { hashSeed, Random } from './random';
import { type Relation, relationsBetween } from './relations';
import type { Scene } from './scene';
import { LinkedWords, type WordLink } from './words';

export interface Caption {
  text: string;
  words: string[];
  /** Every colour, shape and relation word with the objects it names. */
  links: WordLink[];
}

export interface CaptionOptions {
  /** Distinct phrasings wanted (default 4; a one-object scene has fewer). */
  count?: number;
  /** Seed of the phrasing choices (default derived from the scene's seed). */
  seed?: number;
}

/** The function words of the caption templates, in vocabulary order. */
export const CAPTION_FUNCTION_WORDS = ['a', 'there', 'is', 'and', 'of'] as const;
const CAPTION_STREAM = 0xca9;
/** Chance that two consecutive objects are related in space rather than only listed. */
const RELATE = 0.8;
const THERE_IS = 0.4;

function objectPhrase(sentence: LinkedWords, scene: Scene, index: number): void {
  const o = scene.objects[index];
  sentence.plain('a').linked(o.color, 'color', [index]).linked(o.shape, 'shape', [index]);
}

/**
 * One phrasing: the objects in a random order, consecutive ones paired as "a red circle above a
 * blue square" (a relation that holds, either way round) or listed, clauses joined by "and",
 * sometimes after "there is". Every object is named exactly once.
 */
function phrase(scene: Scene, rng: Random): Caption {
  const order = rng.shuffle(scene.objects.map((_, i) => i));
  const sentence = new LinkedWords();
  if (rng.chance(THERE_IS)) sentence.plain('there', 'is');
  for (let i = 0; i < order.length; ) {
    if (i > 0) sentence.plain('and');
    const a = order[i];
    const b = order[i + 1];
    if (b !== undefined && rng.chance(RELATE)) {
      const relation: Relation = rng.pick(relationsBetween(scene.objects[a], scene.objects[b]));
      objectPhrase(sentence, scene, a);
      sentence.linked(relation, 'relation', [a, b]);
      objectPhrase(sentence, scene, b);
      i += 2;
    } else {
      objectPhrase(sentence, scene, a);
      i += 1;
    }
  }
  return { text: sentence.text(), words: sentence.words, links: sentence.links };
}

/**
 * Several true captions of a scene, deterministic by seed. Relations come from the geometry
 * (relations.ts); pairs are drawn in both orders, so "a red circle above a blue square" and
 * "a blue square below a red circle" are both phrasings of one scene.
 */
export function describeScene(scene: Scene, options: CaptionOptions = {}): Caption[] {
  const count = options.count ?? 4;
  const rng = new Random(options.seed ?? hashSeed(scene.seed, CAPTION_STREAM));
  const seen = new Map<string, Caption>();
  for (let attempt = 0; attempt < count * 20 && seen.size < count; attempt++) {
    const caption = phrase(scene, rng);
    if (!seen.has(caption.text)) seen.set(caption.text, caption);
  }
  return [...seen.values()];
}
