/** A content word of a caption or question and the objects (indices into the scene) it names. */
export type WordRole = 'color' | 'shape' | 'relation' | 'count';

export interface WordLink {
  /** Position of the word in `words`. */
  word: number;
  role: WordRole;
  /** Indices into `scene.objects`; a relation word names both of its objects. */
  objects: number[];
}

/** A sentence built word by word, with its content words linked to objects as they are added. */
export class LinkedWords {
  readonly words: string[] = [];
  readonly links: WordLink[] = [];

  /** Function words ("a", "is", "of"): no object. */
  plain(...words: string[]): this {
    this.words.push(...words);
    return this;
  }

  /** One content word; a multi-word phrase ("left of") links its first word only. */
  linked(phrase: string, role: WordRole, objects: number[]): this {
    const [head, ...rest] = phrase.split(' ');
    this.links.push({ word: this.words.length, role, objects: [...objects] });
    this.words.push(head, ...rest);
    return this;
  }

  text(end = ''): string {
    return this.words.join(' ') + end;
  }
}
