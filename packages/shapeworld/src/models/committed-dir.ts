import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This module's folder: from import.meta.url in ESM, __dirname in the CJS build. */
function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return typeof __dirname === 'string' ? __dirname : undefined;
  }
}

/**
 * Where the committed weights of model `name` are: `models/<name>/` of the package, one folder up
 * from dist/index.js and two up from src/models/. `marker` is a file the folder must hold.
 */
export function committedModelDir(name: string, marker: string, what: string): string {
  const here = moduleDir();
  const candidates = here ? [join(here, '../models', name), join(here, '../../models', name)] : [];
  const found = candidates.find((dir) => existsSync(join(dir, marker)));
  if (!found)
    throw new Error(
      `the trained ShapeWorld ${what} is missing (looked in ${candidates.join(', ') || 'no folder'}); run 'pnpm train'`,
    );
  return found;
}

/**
 * A model folder's info JSON (training settings, held-out figures), read before the model is
 * loaded so that a missing or broken file leaves no model allocated.
 */
export async function readModelInfo<T>(dir: string, file: string): Promise<T> {
  const path = join(dir, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing: a reference model folder holds its ${file} beside the weights`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
