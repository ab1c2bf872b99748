import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RequiredResource, skipNote, skipWithout } from '../../core/test/helpers/required-resource';
import { committedCaptionerDir, committedClassifierDir, committedVqaDir } from '../src/index';

const dist = join(import.meta.dirname, '../dist/index.js');

describe('the committed models’ folders', () => {
  it('are found from src', () => {
    expect(committedClassifierDir()).toMatch(/models[\\/]classifier$/);
    expect(committedCaptionerDir()).toMatch(/models[\\/]captioner$/);
    expect(committedVqaDir()).toMatch(/models[\\/]vqa$/);
  });

  // `pnpm test` builds every package before vitest runs: under CI a missing dist is a failure.
  const builtDist: RequiredResource = {
    name: `the built @gradcam/shapeworld (${dist})`,
    present: existsSync(dist),
    howToGet: 'pnpm turbo run build --filter=@gradcam/shapeworld',
  };
  it.skipIf(skipWithout(builtDist))(
    `are the same folders from the built dist${skipNote(builtDist)}`,
    async () => {
      const built = (await import(dist)) as typeof import('../src/index');
      expect(built.committedClassifierDir()).toBe(committedClassifierDir());
      expect(built.committedCaptionerDir()).toBe(committedCaptionerDir());
      expect(built.committedVqaDir()).toBe(committedVqaDir());
    },
  );
});
