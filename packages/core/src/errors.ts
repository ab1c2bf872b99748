/** Errors a user can act on: the message names the problem and what would fix it. */
export class GradcamError extends Error {
  override name = 'GradcamError';
}

export function fail(message: string): never {
  throw new GradcamError(message);
}

export function describeShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
