import { readFile } from 'node:fs/promises';
import { GradcamError } from '@gradcam/core';
import { isKnown } from '../model/shape-text';
import type { Annotations } from './annotations';
import { labelsBesideModel } from './model-labels';
import { fileNamePart } from './output-names';

export const LABELS_HELP =
  'class names for the JSON and the page: one name per line, or JSON (["cat", ...] or {"0": "cat"}), in the model\'s class order (default: the names the model carries: an ONNX model\'s metadata under labels, classes, class_names or names, or a metadata.json beside a TF.js model)';
export const LABELS_WITHOUT_MODEL =
  '--labels names the classes of your --model; the bundled ShapeWorld classifier names its own (circle, square, triangle, cross)';

/**
 * Class names from `--labels <file>`: JSON (an array of names, or an object from index to a name
 * or to `[id, name]` as imagenet_class_index.json has it), else one name per line. Line i names
 * class i, so blank lines inside the file count; only trailing blank lines are dropped.
 */
export async function readLabels(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new GradcamError(
      `--labels: cannot read ${path}: name a text file with one class name per line, or JSON`,
    );
  }
  const names = /^\s*[[{]/.test(text) ? jsonLabels(text, path) : lineLabels(text);
  if (names.length === 0) throw new GradcamError(`--labels: ${path} names no class`);
  return names;
}

function lineLabels(text: string): string[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function jsonLabels(text: string, path: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GradcamError(`--labels: ${path} is not valid JSON (${(error as Error).message})`);
  }
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as object);
  const names: string[] = [];
  for (const [key, entry] of entries) {
    const index = Number(key);
    const name = Array.isArray(entry) ? entry.at(-1) : entry;
    if (!Number.isInteger(index) || index < 0 || typeof name !== 'string') {
      throw new GradcamError(
        `--labels: ${path}: entry ${JSON.stringify(key)} is not a class index with a name; expected ["cat", ...] or {"0": "cat"} or {"0": ["n02123045", "cat"]}`,
      );
    }
    names[index] = name;
  }
  // keys() visits the holes a sparse object leaves, which indexOf skips.
  const missing = [...names.keys()].find((i) => names[i] === undefined);
  if (missing !== undefined || names.length !== entries.length) {
    throw new GradcamError(`--labels: ${path} gives no name for class ${missing ?? names.length}`);
  }
  return names;
}

/** Class names for a user's model: from --labels, else from a metadata.json beside it (said on stderr). */
export async function classAnnotations(
  model: string,
  labels: string | undefined,
): Promise<Annotations | undefined> {
  let names: string[];
  let from = '--labels';
  if (labels) names = await readLabels(labels);
  else {
    const beside = await labelsBesideModel(model);
    if (!beside) return undefined;
    ({ names } = beside);
    from = beside.file;
    process.stderr.write(`gradcam: note: class names from ${from} (--labels <file> overrides)\n`);
  }
  return { classNames: names, classFileParts: labelFileParts(names), classNamesFrom: from };
}

/** Names that do not match the model's classes would label every map wrongly: refused. */
export function assertLabelsFit(
  annotations: Annotations | undefined,
  classes: number | null | undefined,
): void {
  const names = annotations?.classNames;
  if (!names || !annotations.classNamesFrom || !isKnown(classes) || names.length === classes) return;
  throw new GradcamError(
    `${annotations.classNamesFrom} names ${names.length} classes but the model scores ${classes}: give one name per class, in the model's order${annotations.classNamesFrom === '--labels' ? '' : ', with --labels <file>'}`,
  );
}

/**
 * The class names as parts of file names: characters no filesystem takes become '_', and a name
 * given to several classes (ImageNet has two 'crane's) gets its class index, so no map overwrites another.
 */
export function labelFileParts(names: readonly string[]): string[] {
  const safe = names.map((n) => fileNamePart(n.trim()) || '_');
  const count = new Map<string, number>();
  for (const s of safe) count.set(s, (count.get(s) ?? 0) + 1);
  return safe.map((s, i) => ((count.get(s) ?? 0) > 1 ? `${s}-${i}` : s));
}
