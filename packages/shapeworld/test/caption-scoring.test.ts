import { describe, expect, it } from 'vitest';
import {
  COLORS,
  generateScene,
  parseCaption,
  type Scene,
  SHAPES,
  sceneSeed,
  scoreCaptions,
  trainingCaption,
} from '../src/index';

const scenes: Scene[] = Array.from({ length: 200 }, (_, i) => generateScene(sceneSeed(31, i)));

describe("the captioner's training caption", () => {
  it('names every object once, in palette order, joined by "and"', () => {
    for (const scene of scenes) {
      const caption = trainingCaption(scene);
      expect(caption.text).toBe(caption.words.join(' '));
      const shapes = caption.links.filter((l) => l.role === 'shape').map((l) => l.objects[0]);
      expect([...shapes].sort()).toEqual(scene.objects.map((_, i) => i));
      const rank = (i: number) =>
        COLORS.indexOf(scene.objects[i].color) * 10 + SHAPES.indexOf(scene.objects[i].shape);
      expect(shapes.map(rank)).toEqual(shapes.map(rank).sort((x, y) => x - y));
      for (const link of caption.links) {
        const o = scene.objects[link.objects[0]];
        expect(caption.words[link.word]).toBe(link.role === 'color' ? o.color : o.shape);
      }
      expect(caption.words.filter((w) => w === 'and').length).toBe(scene.objects.length - 1);
    }
  });
});

describe('caption scoring', () => {
  it('gives the training captions full marks', () => {
    const result = scoreCaptions(
      scenes,
      scenes.map((s) => trainingCaption(s).words),
    );
    expect(result).toMatchObject({ precision: 1, recall: 1, exact: 1, relations: 0 });
    expect(result.objects).toBe(scenes.reduce((n, s) => n + s.objects.length, 0));
  });

  it('counts a wrong colour against precision and recall, a repeat against exactness only', () => {
    const scene = scenes.find((s) => s.objects.length === 2)!;
    const [a, b] = scene.objects;
    const wrong = COLORS.find((c) => !scene.objects.some((o) => o.color === c && o.shape === b.shape))!;
    const bad = scoreCaptions([scene], [['a', a.color, a.shape, 'and', 'a', wrong, b.shape]]);
    expect(bad).toMatchObject({ precision: 0.5, recall: 0.5, exact: 0 });
    const repeated = scoreCaptions(
      [scene],
      [`a ${a.color} ${a.shape} and a ${b.color} ${b.shape} and a ${a.color} ${a.shape}`.split(' ')],
    );
    expect(repeated).toMatchObject({ precision: 1, recall: 1, exact: 0 });
    const empty = scoreCaptions([scene], [[]]);
    expect(empty).toMatchObject({ precision: 0, recall: 0, named: 0 });
  });

  it('reads pairs and relations back from the words', () => {
    const parsed = parseCaption('there is a red circle left of a blue square and a green cross'.split(' '));
    expect(parsed.pairs).toEqual([
      { color: 'red', shape: 'circle' },
      { color: 'blue', shape: 'square' },
      { color: 'green', shape: 'cross' },
    ]);
    expect(parsed.relations).toEqual([{ a: 0, relation: 'left of', b: 1 }]);
    // A colour without its shape names nothing.
    expect(parseCaption(['a', 'red', 'and', 'a', SHAPES[0]]).pairs).toEqual([]);
  });
});
