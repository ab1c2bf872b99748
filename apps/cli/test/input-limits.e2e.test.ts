import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage, writeImage } from '@gradcam/render';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, lines, runCli } from './helpers/run-cli';

const CPU = ['--backend', 'cpu', '-q'];

describe('input limits: long or large input is refused or reduced with a word, never run for minutes (built bin)', () => {
  beforeAll(() => assertBuilt());

  it('a VQA question of 3,000 characters is refused with the word count and the limit', () => {
    const question = 'what is the colour of the big shape? '.repeat(80);
    const started = performance.now();
    const run = runCli(['vqa', '--question', question, ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'gradcam: the question has 640 words, more than the longest question a VQA model reads of 64; ask a shorter question',
    ]);
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('an image over --max-side (default 1600) is downscaled first, with a note; maps and overlays at that size (explain, caption, vqa)', async () => {
    const dir = freshDir();
    const file = join(dir, 'wide.png');
    const [width, height] = [2400, 1200];
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 251;
    await writeImage(file, { data, width, height, channels: 3 });
    const explain = ['explain', '-i', file, '--class', '0'];
    const runs: [string[], [number, number]][] = [
      [explain, [1600, 800]],
      [
        [...explain, '--max-side', '300'],
        [300, 150],
      ],
      [
        ['vqa', '-i', file, '--question', 'what colour is the circle?', '--max-side', '200'],
        [200, 100],
      ],
      [
        ['caption', '-i', file, '--max-side', '240'],
        [240, 120],
      ],
    ];
    for (const [args, size] of runs) {
      const out = join(freshDir(), 'out');
      const run = runCli([...args, '-o', out, ...CPU]);
      expect(run.status).toBe(0);
      // The bundled models meet a user's image: the out-of-domain note comes first (#16, Trust).
      expect(lines(run.stderr)).toEqual([
        expect.stringMatching(/^gradcam: note: the bundled ShapeWorld .* knows only synthetic 64x64 scenes/),
        `gradcam: note: ${file} is 2400x1200; explained and drawn at ${size[0]}x${size[1]} (--max-side ${size[0]})`,
      ]);
      const overlays = readdirSync(out).filter((f) => f.endsWith('.png'));
      expect(overlays.length).toBeGreaterThan(0);
      for (const overlay of overlays) {
        const decoded = await decodeImage(join(out, overlay));
        expect([decoded.width, decoded.height]).toEqual(size);
      }
    }
  });
});
