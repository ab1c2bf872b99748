import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { fail } from '@gradcam/core';
import { parseCsv } from './csv';

export interface ManifestRow {
  image: string;
  classes?: number[];
}

/** Targets only other commands explain; a row naming them is refused rather than ignored. */
const OTHER_TARGETS = ['caption', 'captions', 'question', 'questions'];

/**
 * A manifest: JSONL (`{"image": "a.jpg", "classes": [3, 7]}` per line) or CSV with a header
 * (`image,classes`, classes separated by spaces or `;`). Image paths are relative to the
 * manifest's folder. A row without classes is explained for the run's --top / --class.
 */
export async function readManifest(path: string): Promise<ManifestRow[]> {
  if (!existsSync(path)) fail(`no such manifest: ${path} (--manifest takes a .jsonl or .csv file)`);
  const text = await readFile(path, 'utf8');
  const ext = extname(path).toLowerCase();
  const records =
    ext === '.csv'
      ? csvRecords(text, path)
      : ext === '.jsonl' || ext === '.ndjson'
        ? jsonlRecords(text, path)
        : fail(`--manifest ${path}: name a .jsonl or .csv file (the extension says which format it is)`);
  if (records.length === 0) fail(`the manifest ${path} lists no images`);
  const base = dirname(resolve(path));
  const rows = records.map(({ line, record }) => manifestRow(record, `${path} line ${line}`, base));
  const missing = rows.filter((r) => !existsSync(r.image)).map((r) => r.image);
  if (missing.length > 0)
    fail(
      `the manifest ${path} names ${missing.length} missing image(s): ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''} (paths are relative to the manifest's folder)`,
    );
  return rows;
}

interface NumberedRecord {
  line: number;
  record: Record<string, unknown>;
}

function jsonlRecords(text: string, path: string): NumberedRecord[] {
  const records: NumberedRecord[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      fail(`${path} line ${i + 1} is not JSON (${(error as Error).message}): each line is one object`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      fail(`${path} line ${i + 1} is not a JSON object: write {"image": "file.jpg", "classes": [3]}`);
    records.push({ line: i + 1, record: record as Record<string, unknown> });
  }
  return records;
}

function csvRecords(text: string, path: string): NumberedRecord[] {
  const [header, ...rows] = parseCsv(text);
  if (!header?.includes('image')) fail(`${path}: the first line must be a header with an image column`);
  return rows
    .map((cells, i) => ({ line: i + 2, cells }))
    .filter(({ cells }) => cells.some((c) => c.trim() !== ''))
    .map(({ line, cells }) => {
      const record: Record<string, unknown> = {};
      header.forEach((name, k) => {
        if (cells[k] !== undefined && cells[k].trim() !== '') record[name.trim()] = cells[k].trim();
      });
      if (typeof record.classes === 'string') record.classes = record.classes.split(/[\s;]+/).map(Number);
      return { line, record };
    });
}

function manifestRow(record: Record<string, unknown>, where: string, base: string): ManifestRow {
  const other = OTHER_TARGETS.find((key) => key in record);
  if (other)
    fail(
      `${where} has a ${other}: gradcam batch explains image classifiers so far; explain captions with gradcam caption and questions with gradcam vqa`,
    );
  const { image } = record;
  if (typeof image !== 'string' || image === '') fail(`${where} has no image path ("image")`);
  const classes = record.classes ?? (record.class === undefined ? undefined : [record.class]);
  if (classes === undefined) return { image: isAbsolute(image) ? image : resolve(base, image) };
  if (!Array.isArray(classes) || classes.length === 0 || !classes.every(isClassIndex))
    fail(`${where}: classes must be a non-empty list of class indices (integers >= 0)`);
  return { image: isAbsolute(image) ? image : resolve(base, image), classes: classes as number[] };
}

function isClassIndex(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
