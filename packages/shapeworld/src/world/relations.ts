import type { SceneObject } from './scene';

export const RELATIONS = ['above', 'below', 'left of', 'right of'] as const;
export type Relation = (typeof RELATIONS)[number];

export const INVERSE: Record<Relation, Relation> = {
  above: 'below',
  below: 'above',
  'left of': 'right of',
  'right of': 'left of',
};

/**
 * Whether `a` stands in `relation` to `b`, strictly: "a above b" means every pixel of a is above
 * every pixel of b (a's box ends before b's begins). Side-by-side objects are neither above nor
 * below each other, so a relation that holds is one nobody would dispute.
 */
export function holds(relation: Relation, a: SceneObject, b: SceneObject): boolean {
  switch (relation) {
    case 'above':
      return a.box.y1 < b.box.y0;
    case 'below':
      return b.box.y1 < a.box.y0;
    case 'left of':
      return a.box.x1 < b.box.x0;
    case 'right of':
      return b.box.x1 < a.box.x0;
  }
}

/** Every relation in which `a` stands to `b` (at least one for two objects of one scene). */
export function relationsBetween(a: SceneObject, b: SceneObject): Relation[] {
  return RELATIONS.filter((r) => holds(r, a, b));
}
