import { existsSync } from 'node:fs';
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
