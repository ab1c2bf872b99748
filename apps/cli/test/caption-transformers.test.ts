import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '@gradcam/render';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTinyCaptioner } from '../../../packages/transformers/test/helpers/tiny/write-tiny-captioner';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { writePictures } from './helpers/tiny-classifier';

const WASM = ['--backend', 'wasm'];

let root: string;
let images: string[];

beforeAll(async () => {
  assertBuilt();
  root = freshDir();
  await writeTinyCaptioner(join(root, 'tiny-vit-gpt2'));
  images = await writePictures(join(root, 'images'), 1, 11, 'photo');
});

describe('gradcam caption --model <transformers.js folder>', () => {
  it("explains the model's own caption: the caption transformers.js writes, a map per token, JSON and the page", async () => {
    const out = freshDir();
    const run = runCli([
      'caption',
      '--model',
      join(root, 'tiny-vit-gpt2'),
      '--image',
      images[0],
      '--out',
      out,
      ...WASM,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /transformers\.js vision-encoder-decoder via @huggingface\/transformers, 4x4 patches/,
    );

    // The caption is the one transformers.js's own pipeline writes for the file (--max-length 20 by default).
    const t = await import('@huggingface/transformers');
    t.env.allowRemoteModels = false;
    t.env.localModelPath = `${root}/`;
    const pipe = await t.pipeline('image-to-text', 'tiny-vit-gpt2', { dtype: 'fp32' });
    const [{ generated_text }] = (await pipe(images[0], { max_length: 20 })) as { generated_text: string }[];
    await pipe.dispose();

    const json = JSON.parse(readFileSync(join(out, 'photo-1.json'), 'utf8'));
    expect(json.caption).toBe(generated_text);
    expect(json.source).toBe('greedy');
    expect(json.transformers).toBe('@huggingface/transformers');
    expect(json.layer).toBe('/encoder/layer.1/output/Add_output_0');
    expect(json.tokens.join(' ')).toBe(generated_text);
    expect(run.stdout).toContain(`photo-1.png: "${generated_text}" (greedy, log p = `);
    const expected = [
      ...json.tokens.map((w: string, i: number) => `photo-1-${i}-${w}.png`),
      'photo-1-caption.png',
      'photo-1.html',
      'photo-1.json',
    ].sort();
    expect(readdirSync(out).sort()).toEqual(expected);
    for (const png of expected.filter((f) => f.endsWith('.png'))) {
      const decoded = await decodeImage(join(out, png));
      expect([decoded.width, decoded.height]).toEqual([48, 40]);
    }
    const html = readFileSync(join(out, 'photo-1.html'), 'utf8');
    expect(html).toContain('whole caption');
    for (const w of new Set<string>(json.tokens)) expect(html).toContain(w);
  });

  it("explains a user's caption, chosen words only; --beam is refused with the reason", () => {
    const out = freshDir();
    const model = join(root, 'tiny-vit-gpt2');
    const run = runCli([
      'caption',
      '--model',
      model,
      '-i',
      images[0],
      '-c',
      'a red star',
      '-w',
      'star',
      '-o',
      out,
      ...WASM,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'photo-1-2-star.png',
      'photo-1-caption.png',
      'photo-1.html',
      'photo-1.json',
    ]);
    const json = JSON.parse(readFileSync(join(out, 'photo-1.json'), 'utf8'));
    expect([json.caption, json.source, json.tokens]).toEqual(['a red star', 'user', ['a', 'red', 'star']]);
    const beam = runCli([
      'caption',
      '--model',
      model,
      '-i',
      images[0],
      '--beam',
      '3',
      '-o',
      freshDir(),
      ...WASM,
    ]);
    expect(beam.status).toBe(1);
    expect(beam.stderr).toMatch(/--beam: .*greedily/);
  });

  it('decodes a large image within --max-side, with a note: the model reads the downscaled pixels, the maps lie at that size', async () => {
    const [big] = await writePictures(join(freshDir(), 'big'), 1, 13, 'wide', [300, 200]);
    const out = freshDir();
    const model = join(root, 'tiny-vit-gpt2');
    const run = runCli(['caption', '--model', model, '-i', big, '--max-side', '60', '-o', out, ...WASM]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`${big} is 300x200; explained and drawn at 60x40 (--max-side 60)`);
    for (const png of readdirSync(out).filter((f) => f.endsWith('.png'))) {
      const decoded = await decodeImage(join(out, png));
      expect([decoded.width, decoded.height]).toEqual([60, 40]);
    }
    // The caption is the one transformers.js writes for the downscaled pixels.
    const t = await import('@huggingface/transformers');
    t.env.allowRemoteModels = false;
    t.env.localModelPath = `${root}/`;
    const small = await decodeImage(big, { maxSide: 60 });
    const pipe = await t.pipeline('image-to-text', 'tiny-vit-gpt2', { dtype: 'fp32' });
    const raw = new t.RawImage(small.data, small.width, small.height, small.channels);
    const [{ generated_text }] = (await pipe(raw, { max_length: 20 })) as { generated_text: string }[];
    await pipe.dispose();
    expect(JSON.parse(readFileSync(join(out, 'wide-1.json'), 'utf8')).caption).toBe(generated_text);
  });
});
