import { describe, expect, it } from 'vitest';
import {
  ANSWERS,
  answerDistribution,
  answerVocabulary,
  askQuestions,
  COUNT_WORDS,
  generateDataset,
  generateScene,
  QUESTION_TYPES,
  type Question,
  questionVocabulary,
  type Scene,
  SHAPES,
  sceneSeed,
} from '../src/index';
import { relationFromMasks } from './helpers/geometry';

/** The shape a plural names, by the test's own spelling rules. */
const singular = (plural: string) => SHAPES.find((s) => plural === `${s}s` || plural === `${s}es`)!;

/**
 * The answer and the objects it rests on, worked out from the question's words and the scene's
 * objects (relations from the masks), independently of the generator's templates.
 */
function solve(scene: Scene, q: Question): { answer: string; objects: number[] } {
  const w = q.words;
  const all = scene.objects.map((o, i) => ({ ...o, i }));
  const only = (list: typeof all) => {
    expect(list, `'${q.text}' must have exactly one referent`).toHaveLength(1);
    return list[0];
  };
  switch (q.type) {
    case 'color': {
      const o = only(all.filter((x) => x.shape === w[4]));
      return { answer: o.color, objects: [o.i] };
    }
    case 'shape': {
      const o = only(all.filter((x) => x.color === w[4]));
      return { answer: o.shape, objects: [o.i] };
    }
    case 'exist': {
      const found = all.filter((x) => x.color === w[3] && x.shape === w[4]);
      return { answer: found.length ? 'yes' : 'no', objects: found.map((x) => x.i) };
    }
    case 'count': {
      const found = all.filter((x) => x.shape === singular(w[2]));
      return { answer: COUNT_WORDS[found.length], objects: found.map((x) => x.i) };
    }
    case 'relation': {
      // is the C S <relation> the C S
      const a = only(all.filter((x) => x.color === w[2] && x.shape === w[3]));
      const relation = w[4] === 'left' || w[4] === 'right' ? `${w[4]} ${w[5]}` : w[4];
      const rest = w.slice(w.indexOf('the', 4) + 1);
      const b = only(all.filter((x) => x.color === rest[0] && x.shape === rest[1]));
      const yes = relationFromMasks(relation, a, b, scene.width);
      const opposite = { above: 'below', below: 'above', 'left of': 'right of', 'right of': 'left of' }[
        relation
      ]!;
      // A "no" must be a clear one: the opposite relation holds.
      if (!yes) expect(relationFromMasks(opposite, a, b, scene.width), q.text).toBe(true);
      return { answer: yes ? 'yes' : 'no', objects: [a.i, b.i] };
    }
  }
}

const dataset = [...generateDataset({ count: 2000, seed: 31 })];
const questions = dataset.flatMap((d) => d.questions);

describe('askQuestions', () => {
  it('answers every question right, resting on the right objects', () => {
    for (const { scene, questions } of dataset.slice(0, 600)) {
      for (const q of questions) {
        const solved = solve(scene, q);
        expect(q.answer, q.text).toBe(solved.answer);
        expect([...q.objects].sort(), q.text).toEqual(solved.objects.sort());
        for (const link of q.links) {
          const word = q.words[link.word];
          for (const i of link.objects) {
            const o = scene.objects[i];
            if (link.role === 'color') expect(o.color).toBe(word);
            if (link.role === 'shape')
              expect(o.shape).toBe((SHAPES as readonly string[]).includes(word) ? word : singular(word));
          }
        }
        expect(q.text).toBe(`${q.words.join(' ')}?`);
      }
    }
  });

  it('asks every type, and the same questions again for the same scene', () => {
    const perType = answerDistribution(questions);
    for (const type of QUESTION_TYPES)
      expect(perType[type].total, type).toBeGreaterThan(0.3 * dataset.length);
    const scene = generateScene(sceneSeed(31, 5));
    expect(askQuestions(scene)).toEqual(askQuestions(scene));
    expect(askQuestions(scene, { perType: 3, types: ['exist'] }).length).toBeGreaterThan(1);
  });

  it('balances answers so that no type is answerable from its prior', () => {
    const distribution = answerDistribution(questions);
    // Stated limits: yes/no within 50 +- 5%; five colours under 25%; four shapes or counts under 30%.
    const limits = { color: 0.25, shape: 0.3, exist: 0.55, count: 0.3, relation: 0.55 };
    for (const type of QUESTION_TYPES) {
      const d = distribution[type];
      expect(d.mostFrequent.share, `${type}: ${JSON.stringify(d.answers)}`).toBeLessThanOrEqual(limits[type]);
      // Every possible answer occurs.
      for (const answer of ANSWERS[type]) expect(d.answers[answer], `${type} ${answer}`).toBeGreaterThan(0);
    }
    expect(distribution.exist.answers.yes / distribution.exist.total).toBeGreaterThanOrEqual(0.45);
    expect(distribution.relation.answers.yes / distribution.relation.total).toBeGreaterThanOrEqual(0.45);
  });

  it('uses only the question and answer vocabularies', () => {
    const words = questionVocabulary();
    const answers = answerVocabulary();
    expect(new Set(words).size).toBe(words.length);
    expect(new Set(answers).size).toBe(answers.length);
    expect(answers).toEqual([
      'red',
      'green',
      'blue',
      'yellow',
      'purple',
      'circle',
      'square',
      'triangle',
      'cross',
      'yes',
      'no',
      'zero',
      'one',
      'two',
      'three',
    ]);
    const known = new Set(words);
    const unknown = questions.flatMap((q) => q.words.filter((w) => !known.has(w)));
    expect(unknown).toEqual([]);
    expect(questions.filter((q) => !ANSWERS[q.type].includes(q.answer))).toEqual([]);
  });
});
