import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { GradcamError } from '@gradcam/core';
import { glob, isDynamicPattern } from 'tinyglobby';

/** What sharp decodes; other files in a folder (labels, notes) are not images. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif'];

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

/**
 * The image files named by --image: a file as is, a folder's images (not recursive, sorted), a
 * glob's matches (sorted; quoted, so that the shell leaves it to us). Named files that do not exist
 * fail the run here, before the backend and the model load; a corrupt one fails alone, later.
 */
export async function expandImagePaths(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    if (isDirectory(arg)) files.push(...(await imagesIn(arg)));
    else if (!existsSync(arg) && isDynamicPattern(arg)) files.push(...(await matches(arg)));
    else files.push(arg);
  }
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0)
    throw new GradcamError(
      `no such image file: ${missing.join(', ')} (--image takes image files, folders of images or quoted globs)`,
    );
  // The same file named twice (a folder and a glob over it) is explained once.
  const seen = new Set<string>();
  return files.filter((file) => {
    const key = resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function imagesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const images = entries
    .filter((e) => e.isFile() && IMAGE_EXTENSIONS.includes(extname(e.name).toLowerCase()))
    .map((e) => join(dir, e.name))
    .sort();
  if (images.length === 0) {
    throw new GradcamError(`no images in ${dir} (looked for ${IMAGE_EXTENSIONS.join(' ')})`);
  }
  return images;
}

async function matches(pattern: string): Promise<string[]> {
  // Matches come back in the pattern's own form, absolute or relative to the working folder.
  const found = await glob(pattern, {
    onlyFiles: true,
    expandDirectories: false,
    absolute: isAbsolute(pattern),
  });
  if (found.length === 0) throw new GradcamError(`no files match ${pattern}`);
  return found.sort();
}
