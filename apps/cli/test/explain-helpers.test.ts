import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseClasses } from '../src/explain/class-choice';
import { expandImagePaths } from '../src/explain/image-paths';
import { encodeNpy } from '../src/explain/npy';
import { outputNames } from '../src/explain/output-names';
import { imageInputSpec } from '../src/model/input-spec';
import { readNpy } from './helpers/npy-reader';
import { freshDir } from './helpers/run-cli';

describe('encodeNpy', () => {
  it('writes numpy 1.0 headers, 64-byte aligned, with Python tuples for any rank', () => {
    for (const shape of [[5], [2, 3], [2, 2, 3]]) {
      const data = Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => i / 7 - 0.5);
      const bytes = encodeNpy(data, shape);
      const parsed = readNpy(bytes);
      expect(parsed.shape).toEqual(shape);
      expect(Array.from(parsed.data)).toEqual(Array.from(data));
      expect((10 + parsed.headerLength) % 64).toBe(0);
    }
    expect(encodeNpy(new Float32Array(5), [5]).toString('latin1')).toContain("'shape': (5,), }");
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/shape \[2, 3\] needs 6 values, got 5/);
  });
});

describe('outputNames', () => {
  it('keeps file names, makes repeats unique and never takes the run summary', () => {
    expect(outputNames(['a/cat.png', 'b/cat.jpg', 'cat-2.png', 'summary.png', 'my photo.jpg'])).toEqual([
      'cat',
      'cat-2',
      'cat-2-2',
      'summary-2',
      'my photo',
    ]);
  });

  it('keeps non-ASCII names and replaces only what file systems forbid', () => {
    expect(
      outputNames(['chat café.jpg', '猫.png', '🐱.png', 'a:b?c*.png', 'e\u0301t\u00e9.png', 'dots...png']),
    ).toEqual(['chat café', '猫', '🐱', 'a_b_c_', '\u00e9t\u00e9', 'dots']);
  });
});

describe('expandImagePaths', () => {
  it('takes files, the images of a folder (sorted) and globs, each file once', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'sub'));
    for (const name of ['b.png', 'a.JPG', 'notes.txt', 'sub/c.png']) writeFileSync(join(dir, name), '');
    expect(await expandImagePaths([dir, join(dir, 'b.png')])).toEqual([
      join(dir, 'a.JPG'),
      join(dir, 'b.png'),
    ]);
    expect(await expandImagePaths([join(dir, '**/*.png')])).toEqual([
      join(dir, 'b.png'),
      join(dir, 'sub/c.png'),
    ]);
    await expect(expandImagePaths(['missing.png'])).rejects.toThrow(/^no such image file: missing\.png \(/);
    await expect(expandImagePaths([join(dir, 'sub', 'x*.png')])).rejects.toThrow(/no files match/);
    const empty = join(dir, 'sub', 'empty');
    mkdirSync(empty);
    await expect(expandImagePaths([empty])).rejects.toThrow(/no images in .*empty \(looked for \.png/);
  });
});

describe('imageInputSpec', () => {
  it('reads the size, or leaves unknown sides to the image', () => {
    expect(imageInputSpec([{ name: 'x', shape: [null, 224, 224, 3] }])).toEqual({
      name: 'x',
      height: 224,
      width: 224,
      channels: 3,
    });
    expect(imageInputSpec([{ name: 'x', shape: [-1, -1, -1, 3] }])).toEqual({
      name: 'x',
      height: null,
      width: null,
      channels: 3,
    });
    expect(imageInputSpec([{ name: 'x', shape: [null, 64, 64, 1] }])).toEqual({
      name: 'x',
      height: 64,
      width: 64,
      channels: 1,
    });
  });

  it('names what does not fit', () => {
    expect(() => imageInputSpec([{ name: 'x', shape: [null, 3, 224, 224] }])).toThrow(/channels-first, NCHW/);
    expect(() => imageInputSpec([{ name: 'x', shape: [null, 784] }])).toThrow(
      /is \[batch, 784\], not an image/,
    );
    expect(() => imageInputSpec([{ name: 'a' }, { name: 'b' }])).toThrow(/takes 2 inputs \(a, b\)/);
  });
});

describe('chooseClasses', () => {
  const scores = [0.1, 0.7, 0.2, 0.7].map((score, c) => ({ class: c, score }));
  it('ranks best first, ties in class order', () => {
    expect(chooseClasses(scores, { kind: 'top', k: 3 }).map((s) => s.class)).toEqual([1, 3, 2]);
    expect(chooseClasses(scores, { kind: 'class', index: 2 }).map((s) => s.class)).toEqual([2]);
  });
});
