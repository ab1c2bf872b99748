import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedCaptionerDir, committedClassifierDir, committedVqaDir } from '../src/index';

const dist = join(import.meta.dirname, '../dist/index.js');

describe('the committed models’ folders', () => {
  it('are found from src', () => {
    expect(committedClassifierDir()).toMatch(/models[\\/]classifier$/);
    expect(committedCaptionerDir()).toMatch(/models[\\/]captioner$/);
    expect(committedVqaDir()).toMatch(/models[\\/]vqa$/);
  });

  // `pnpm test` builds every package before vitest runs, so CI always takes this branch.
  it.skipIf(!existsSync(dist))('are the same folders from the built dist', async () => {
    const built = (await import(dist)) as typeof import('../src/index');
    expect(built.committedClassifierDir()).toBe(committedClassifierDir());
    expect(built.committedCaptionerDir()).toBe(committedCaptionerDir());
    expect(built.committedVqaDir()).toBe(committedVqaDir());
  });
});
