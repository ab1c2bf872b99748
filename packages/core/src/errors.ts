/** Errors a user can act on: the message names the problem and what would fix it. */
export class GradcamError extends Error {
  override name = 'GradcamError';
}

export function fail(message: string): never {
  throw new GradcamError(message);
}

/** The longest text a model takes, for the message when a caption or question is longer. */
export interface WordLimit {
  /** Who checks, as the message starts (e.g. 'explainCaption'); omitted when the text says enough. */
  what?: string;
  /** What the text is: 'caption', 'question'. */
  text: string;
  /** The limit's name in the message, e.g. "the captioner's maximum caption length". */
  limit: string;
  max: number;
  /** What would fix it. */
  fix: string;
}

/** Refuses a text of more than `limit.max` words: a model's cost grows with every word it reads. */
export function checkWordCount(words: number, limit: WordLimit): void {
  if (words <= limit.max) return;
  const what = limit.what ? `${limit.what}: ` : '';
  throw new GradcamError(
    `${what}the ${limit.text} has ${words} words, more than ${limit.limit} of ${limit.max}; ${limit.fix}`,
  );
}

export function describeShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
