import { GradcamError } from '@gradcam/core';

/** Errors a user can act on, in the project's one error class (the CLI prints them as one line). */
export function fail(message: string): never {
  throw new GradcamError(message);
}
