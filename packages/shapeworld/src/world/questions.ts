import { AnswerBalancer } from './answer-balancer';
import { COLORS, SHAPE_PLURALS, SHAPES } from './palette';
import { hashSeed, Random } from './random';
import { holds, INVERSE, RELATIONS } from './relations';
import type { Scene } from './scene';
import { LinkedWords, type WordLink } from './words';

export const QUESTION_TYPES = ['color', 'shape', 'exist', 'count', 'relation'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Counting answers stop at three: four objects of one shape are too rare to balance against. */
export const COUNT_WORDS = ['zero', 'one', 'two', 'three'] as const;

/** Every answer each type can have, in vocabulary order. */
export const ANSWERS: Record<QuestionType, readonly string[]> = {
  color: COLORS,
  shape: SHAPES,
  exist: ['yes', 'no'],
  count: COUNT_WORDS,
  relation: ['yes', 'no'],
};

export interface Question {
  type: QuestionType;
  /** The question as a sentence, with its question mark. */
  text: string;
  /** Its words, without punctuation. */
  words: string[];
  answer: string;
  /**
   * The objects the answer rests on: the object asked about, the objects counted, the two
   * objects related; empty when the answer is "no, there is none".
   */
  objects: number[];
  /** Content words of the question with the objects they name (none for absent objects). */
  links: WordLink[];
}

function question(type: QuestionType, sentence: LinkedWords, answer: string, objects: number[]): Question {
  return { type, text: sentence.text('?'), words: sentence.words, answer, objects, links: sentence.links };
}

const indicesWhere = (scene: Scene, test: (i: number) => boolean) =>
  scene.objects.map((_, i) => i).filter(test);

/** "what color is the circle?" for every shape that occurs exactly once. */
function colorQuestions(scene: Scene): Question[] {
  return SHAPES.flatMap((shape) => {
    const found = indicesWhere(scene, (i) => scene.objects[i].shape === shape);
    if (found.length !== 1) return [];
    const s = new LinkedWords().plain('what', 'color', 'is', 'the').linked(shape, 'shape', found);
    return [question('color', s, scene.objects[found[0]].color, found)];
  });
}

/** "what shape is the red object?" for every colour that occurs exactly once. */
function shapeQuestions(scene: Scene): Question[] {
  return COLORS.flatMap((color) => {
    const found = indicesWhere(scene, (i) => scene.objects[i].color === color);
    if (found.length !== 1) return [];
    const s = new LinkedWords()
      .plain('what', 'shape', 'is', 'the')
      .linked(color, 'color', found)
      .plain('object');
    return [question('shape', s, scene.objects[found[0]].shape, found)];
  });
}

/**
 * "is there a blue square?": yes for every object; no only for absent pairs that share a colour
 * or a shape with an object present, so that "no" needs colour and shape bound together.
 */
function existQuestions(scene: Scene): Question[] {
  const out: Question[] = [];
  for (const color of COLORS) {
    for (const shape of SHAPES) {
      const found = indicesWhere(
        scene,
        (i) => scene.objects[i].color === color && scene.objects[i].shape === shape,
      );
      const near = scene.objects.some((o) => o.color === color || o.shape === shape);
      if (found.length === 0 && !near) continue;
      const s = new LinkedWords().plain('is', 'there', 'a');
      if (found.length) s.linked(color, 'color', found).linked(shape, 'shape', found);
      else s.plain(color, shape);
      out.push(question('exist', s, found.length ? 'yes' : 'no', found));
    }
  }
  return out;
}

/** "how many triangles are there?" for every shape seen zero to three times. */
function countQuestions(scene: Scene): Question[] {
  return SHAPES.flatMap((shape) => {
    const found = indicesWhere(scene, (i) => scene.objects[i].shape === shape);
    if (found.length >= COUNT_WORDS.length) return [];
    const s = new LinkedWords().plain('how', 'many');
    if (found.length) s.linked(SHAPE_PLURALS[shape], 'shape', found);
    else s.plain(SHAPE_PLURALS[shape]);
    s.plain('are', 'there');
    return [question('count', s, COUNT_WORDS[found.length], found)];
  });
}

/**
 * "is the red circle above the blue square?": yes when the relation holds; no only when its
 * opposite holds, never for side-by-side objects, where "no" would be a matter of opinion.
 */
function relationQuestions(scene: Scene): Question[] {
  const out: Question[] = [];
  scene.objects.forEach((a, i) => {
    scene.objects.forEach((b, j) => {
      if (i === j) return;
      for (const relation of RELATIONS) {
        const yes = holds(relation, a, b);
        if (!yes && !holds(INVERSE[relation], a, b)) continue;
        const s = new LinkedWords()
          .plain('is', 'the')
          .linked(a.color, 'color', [i])
          .linked(a.shape, 'shape', [i])
          .linked(relation, 'relation', [i, j])
          .plain('the')
          .linked(b.color, 'color', [j])
          .linked(b.shape, 'shape', [j]);
        out.push(question('relation', s, yes ? 'yes' : 'no', [i, j]));
      }
    });
  });
  return out;
}

/** Every question of one type that has a unique answer in the scene. */
export function candidateQuestions(scene: Scene, type: QuestionType): Question[] {
  switch (type) {
    case 'color':
      return colorQuestions(scene);
    case 'shape':
      return shapeQuestions(scene);
    case 'exist':
      return existQuestions(scene);
    case 'count':
      return countQuestions(scene);
    case 'relation':
      return relationQuestions(scene);
  }
}

export interface QuestionOptions {
  /** Questions wanted per type (default 1); fewer when the scene or the balance allows fewer. */
  perType?: number;
  /** Seed of the choices (default derived from the scene's seed). */
  seed?: number;
  /**
   * Keeps answers balanced across scenes: pass one balancer to every scene of a set. Without it
   * each scene gets a fresh one, which only balances answers within the scene.
   */
  balancer?: AnswerBalancer;
  types?: readonly QuestionType[];
}

const QUESTION_STREAM = 0x9a5;

/** A balancer over every answer of every question type: share one across the scenes of a set. */
export function questionBalancer(slack = 2): AnswerBalancer {
  return new AnswerBalancer(ANSWERS, slack);
}

/** Questions about a scene, at most `perType` of each type, every one with a unique answer. */
export function askQuestions(scene: Scene, options: QuestionOptions = {}): Question[] {
  const rng = new Random(options.seed ?? hashSeed(scene.seed, QUESTION_STREAM));
  const balancer = options.balancer ?? questionBalancer();
  const perType = options.perType ?? 1;
  const out: Question[] = [];
  for (const type of options.types ?? QUESTION_TYPES) {
    let candidates = candidateQuestions(scene, type);
    for (let n = 0; n < perType; n++) {
      const chosen = balancer.pick(type, candidates, rng);
      if (!chosen) break;
      out.push(chosen);
      candidates = candidates.filter((c) => c !== chosen);
    }
  }
  return out;
}
