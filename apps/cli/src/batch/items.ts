import { createHash } from 'node:crypto';
import { fail } from '@gradcam/core';
import { expandImagePaths } from '../explain/image-paths';
import { readManifest } from './manifest';

/** One unit of a batch run: an image and, from a manifest row, its own classes. */
export interface BatchItem {
  /** The item's position in the run, zero-padded: its rows/ and maps/ file names. */
  id: string;
  image: string;
  /** Classes to explain; absent: the run's --top / --class. */
  classes?: number[];
}

/** The run's items from --image (files, folders, globs) or --manifest (JSONL or CSV). */
export async function batchItems(source: { image?: string[]; manifest?: string }): Promise<BatchItem[]> {
  if (source.image && source.manifest)
    fail('give either --image or --manifest, not both (a manifest lists its images itself)');
  if (source.manifest) return withIds(await readManifest(source.manifest));
  if (!source.image)
    return fail('gradcam batch needs --image (files, folders or quoted globs) or --manifest');
  return withIds((await expandImagePaths(source.image)).map((image) => ({ image })));
}

function withIds(rows: Omit<BatchItem, 'id'>[]): BatchItem[] {
  const width = Math.max(6, String(rows.length).length);
  return rows.map((row, i) => ({ id: String(i).padStart(width, '0'), ...row }));
}

/** Fingerprint of the item list: --resume refuses a run whose inputs changed under its ids. */
export function itemsDigest(items: readonly BatchItem[]): string {
  const hash = createHash('sha256');
  for (const item of items) hash.update(`${item.id}\t${item.image}\t${item.classes?.join(',') ?? ''}\n`);
  return hash.digest('hex');
}
