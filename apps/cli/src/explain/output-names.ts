import { basename, extname } from 'node:path';

/** Taken by the run's own summary, so an image called summary.png must not write summary.json. */
const RESERVED = ['summary'];

/**
 * One base name per image for its output files: the file name without its extension, made unique
 * (`cat`, `cat-2`) because a folder and a glob, or cat.png and cat.jpg, can bring the same name.
 */
export function outputNames(files: readonly string[]): string[] {
  const used = new Set(RESERVED);
  return files.map((file) => {
    // Characters that are awkward in file names on some systems become '_'.
    const stem = basename(file, extname(file)).replace(/[^\w.-]+/g, '_') || 'image';
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem}-${n}`;
    used.add(name);
    return name;
  });
}
