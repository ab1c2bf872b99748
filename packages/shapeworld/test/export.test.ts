import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '@gradcam/render';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMask, encodeMask, exportDataset, generateDataset, readExportedScene } from '../src/index';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('exportDataset', () => {
  it('run-length encodes masks losslessly', () => {
    const mask = new Uint8Array(64 * 64);
    expect(decodeMask(encodeMask(mask), mask.length)).toEqual(mask);
    mask.fill(1, 100, 150);
    mask[0] = 1;
    mask[mask.length - 1] = 1;
    const runs = encodeMask(mask);
    expect(runs[0]).toBe(0);
    expect(decodeMask(runs, mask.length)).toEqual(mask);
    expect(() => decodeMask(runs, mask.length + 1)).toThrow(/cover/);
  });

  it('writes readable PNGs and JSON that round-trips to the generated scenes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shapeworld-export-'));
    dirs.push(dir);
    const options = { count: 6, seed: 41, size: 64 };
    const summary = await exportDataset(dir, options);
    expect(summary.count).toBe(6);
    expect((await readdir(dir)).sort()).toEqual([...summary.files].sort());

    const expected = [...generateDataset(options)];
    for (let i = 0; i < options.count; i++) {
      const png = await decodeImage(join(dir, `scene-${String(i).padStart(6, '0')}.png`));
      expect(png.width).toBe(64);
      expect(Buffer.from(png.data).equals(Buffer.from(expected[i].scene.image.data))).toBe(true);
      const back = await readExportedScene(dir, i);
      expect(back.scene.seed).toBe(expected[i].scene.seed);
      expect(back.scene.objects).toEqual(expected[i].scene.objects);
      expect(Buffer.from(back.scene.image.data).equals(Buffer.from(expected[i].scene.image.data))).toBe(true);
      expect(back.captions).toEqual(expected[i].captions);
      expect(back.questions).toEqual(expected[i].questions);
    }
    const manifest = JSON.parse(await readFile(join(dir, 'dataset.json'), 'utf8'));
    expect(manifest.count).toBe(6);
    expect(manifest.vocabularies.answers).toContain('yes');
    expect(manifest.answerDistribution.exist.total).toBeGreaterThan(0);
  });
});
