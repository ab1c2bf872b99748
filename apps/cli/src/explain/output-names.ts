import { basename, extname } from 'node:path';

/** Taken by the run's own summary, so an image called summary.png must not write summary.json. */
const RESERVED = ['summary'];

/**
 * Only what a file system forbids in a name: '/' and NUL everywhere, <>:"\|?* and control
 * characters on Windows (kept out on every system so that an output folder can be copied there).
 * Accents, CJK and emoji are kept: a user's 'café.jpg' must give 'café.png', not '_'.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what Windows forbids in names
const FORBIDDEN = /[/\\<>:"|?*\u0000-\u001f]+/gu;

/**
 * Text made fit for a file name: NFC (a macOS decomposed 'é' and a Linux composed one give the
 * same name), forbidden characters as '_', trailing dots and spaces dropped (Windows strips them
 * silently). May be empty; the caller chooses the fallback.
 */
export function fileNamePart(text: string): string {
  return text
    .normalize('NFC')
    .replace(FORBIDDEN, '_')
    .replace(/[. ]+$/u, '');
}

/**
 * One base name per image for its output files: the file name without its extension, made unique
 * (`cat`, `cat-2`) because a folder and a glob, or cat.png and cat.jpg, can bring the same name.
 */
export function outputNames(files: readonly string[]): string[] {
  const used = new Set(RESERVED);
  return files.map((file) => {
    const stem = fileNamePart(basename(file, extname(file))) || 'image';
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem}-${n}`;
    used.add(name);
    return name;
  });
}
