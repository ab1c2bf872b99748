import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Creates the output folder first, so that a bad --out fails before any work, and says which. */
export async function outputFolder(out: string): Promise<string> {
  const dir = resolve(out);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new Error(`cannot create the output folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return dir;
}
