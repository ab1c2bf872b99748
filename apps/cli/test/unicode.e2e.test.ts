import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeImage } from '@gradcam/render';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';

const CPU = ['--backend', 'cpu'];

async function picture(file: string): Promise<void> {
  const [width, height] = [64, 64];
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 13) % 251;
  await writeImage(file, { data, width, height, channels: 3 });
}

describe('Unicode: emoji are reported as unknown words, non-ASCII file names kept (#16, built bin)', () => {
  beforeAll(() => assertBuilt());

  it('explain keeps a non-ASCII image name in its output files', async () => {
    const dir = freshDir();
    await picture(join(dir, 'café 猫.png'));
    await picture(join(dir, '🐱.png'));
    const out = join(dir, 'out');
    const run = runCli(['explain', '-i', dir, '--class', '0', '-o', out, ...CPU]);
    expect(run.status).toBe(0);
    const files = readdirSync(out).map((f) => f.normalize('NFC'));
    expect(files.filter((f) => f.startsWith('café 猫')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith('🐱')).length).toBeGreaterThan(0);
    expect(files.some((f) => f.startsWith('_'))).toBe(false);
  });

  it('caption --caption: an emoji is named as a word the model does not know', async () => {
    const dir = freshDir();
    await picture(join(dir, 'scene.png'));
    const run = runCli(
      [
        'caption',
        '-i',
        join(dir, 'scene.png'),
        '--caption',
        'a red 🐱 circle',
        '-o',
        join(dir, 'out'),
        ...CPU,
      ],
      dir,
    );
    expect(run.status).toBe(0);
    expect(`${run.stdout}\n${run.stderr}`).toMatch(/not in the model's vocabulary[^\n]*🐱/);
  });

  it('vqa: an emoji in the question is named as an unknown word', async () => {
    const dir = freshDir();
    await picture(join(dir, 'scene.png'));
    const run = runCli(
      ['vqa', '-i', join(dir, 'scene.png'), '--question', 'is the 🐱 red?', '-o', join(dir, 'out'), ...CPU],
      dir,
    );
    expect(run.status).toBe(0);
    expect(`${run.stdout}\n${run.stderr}`).toMatch(/unknown words[^\n]*🐱/);
  });
});
