import { describe, expect, it } from 'vitest';
import {
  CAPTION_FUNCTION_WORDS,
  COLORS,
  captionVocabulary,
  describeScene,
  generateScene,
  SHAPES,
  sceneSeed,
} from '../src/index';
import { relationFromMasks } from './helpers/geometry';

const scenes = Array.from({ length: 300 }, (_, i) => generateScene(sceneSeed(21, i)));
const described = scenes.map((scene) => ({ scene, captions: describeScene(scene) }));
const isColor = (w: string) => (COLORS as readonly string[]).includes(w);
const isShape = (w: string) => (SHAPES as readonly string[]).includes(w);

describe('describeScene', () => {
  it('gives several distinct phrasings, the same ones for the same scene', () => {
    for (const { scene, captions } of described) {
      expect(captions.length).toBeGreaterThanOrEqual(scene.objects.length > 1 ? 3 : 2);
      expect(new Set(captions.map((c) => c.text)).size).toBe(captions.length);
      for (const c of captions) expect(c.text).toBe(c.words.join(' '));
    }
    expect(describeScene(scenes[3])).toEqual(described[3].captions);
    const oneObject = described.find((d) => d.scene.objects.length === 1)!;
    const o = oneObject.scene.objects[0];
    expect(oneObject.captions.map((c) => c.text).sort()).toEqual([
      `a ${o.color} ${o.shape}`,
      `there is a ${o.color} ${o.shape}`,
    ]);
  });

  it('links every colour and shape word to an object of that colour or shape, and names every object once', () => {
    for (const { scene, captions } of described) {
      for (const caption of captions) {
        const linked = new Set(caption.links.map((l) => l.word));
        caption.words.forEach((word, i) => {
          if (isColor(word) || isShape(word))
            expect(linked.has(i), `'${word}' in '${caption.text}'`).toBe(true);
          else if (!linked.has(i)) expect(CAPTION_FUNCTION_WORDS as readonly string[]).toContain(word);
        });
        const named: number[] = [];
        for (const link of caption.links) {
          const word = caption.words[link.word];
          if (link.role === 'color') {
            expect(link.objects).toHaveLength(1);
            expect(scene.objects[link.objects[0]].color).toBe(word);
          }
          if (link.role === 'shape') {
            expect(link.objects).toHaveLength(1);
            expect(scene.objects[link.objects[0]].shape).toBe(word);
            named.push(link.objects[0]);
          }
        }
        expect(named.sort()).toEqual(scene.objects.map((_, i) => i));
      }
    }
  });

  it('relates objects only as their masks are placed', () => {
    let relations = 0;
    for (const { scene, captions } of described) {
      for (const caption of captions) {
        for (const link of caption.links.filter((l) => l.role === 'relation')) {
          const word = caption.words[link.word];
          const relation =
            word === 'left' || word === 'right' ? `${word} ${caption.words[link.word + 1]}` : word;
          const [a, b] = link.objects;
          // The relation's objects are the shapes named just before and just after it.
          const before = caption.links.filter((l) => l.role === 'shape' && l.word < link.word).at(-1)!;
          const after = caption.links.find((l) => l.role === 'shape' && l.word > link.word)!;
          expect([before.objects[0], after.objects[0]]).toEqual([a, b]);
          expect(
            relationFromMasks(relation, scene.objects[a], scene.objects[b], scene.width),
            caption.text,
          ).toBe(true);
          relations++;
        }
      }
    }
    expect(relations).toBeGreaterThan(300);
  });

  it('uses only the caption vocabulary, which is fixed and has no repeats', () => {
    const vocabulary = captionVocabulary();
    expect(new Set(vocabulary).size).toBe(vocabulary.length);
    expect(captionVocabulary()).toEqual(vocabulary);
    const used = new Set(described.flatMap((d) => d.captions.flatMap((c) => c.words)));
    for (const word of used) expect(vocabulary).toContain(word);
    // ... and every word of it occurs.
    expect([...used].sort()).toEqual([...vocabulary].sort());
  });
});
