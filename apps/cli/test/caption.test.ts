// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaptioner, referenceCaptioner, saveCaptioner, scoreCaption } from '@gradcam/captioning';
import { selectBackend } from '@gradcam/core';
import { decodeImage, PRESETS, toTensor } from '@gradcam/render';
import { COLORS, generateScene } from '@gradcam/shapeworld';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, lines, runCli } from './helpers/run-cli';
import { writePictures } from './helpers/tiny-classifier';

const CPU = ['--backend', 'cpu'];
const WORDS = ['a', 'red', 'blue', 'circle', 'square', 'above', 'below'];

let modelDir: string;
let wordyModelDir: string;
let imageDir: string;
let images: string[];

interface CaptionJson {
  caption: string;
  source: string;
  tokens: string[];
  logProbs: number[];
  endLogProb: number;
  captionLogProb: number;
  unknownWords: string[];
  layer: string;
  method: string;
  words: { index: number; word: string; text: string; unknown: boolean; logProb: number; overlay: string }[];
  captionMap: string;
  html: string;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as CaptionJson;

/** A tiny random captioner: two convolutions on 16x16 images, a Show-and-Tell decoder. */
function tinyCaptioner(endBias?: number) {
  const captioner = referenceCaptioner({
    vocabulary: WORDS,
    imageSize: [16, 16],
    filters: [6, 8],
    embedSize: 8,
    hiddenSize: 12,
    seed: 3,
  });
  if (endBias !== undefined) {
    // Its own captions then run to --max-length instead of ending at once.
    const bias = captioner.decoder.weights.outputBias;
    const values = bias.arraySync() as number[];
    values[captioner.vocabulary.end] = endBias;
    const next = tf.tensor1d(values);
    bias.assign(next);
    next.dispose();
  }
  return captioner;
}

beforeAll(async () => {
  assertBuilt();
  await selectBackend('cpu');
  const root = freshDir();
  modelDir = join(root, 'model');
  wordyModelDir = join(root, 'wordy');
  imageDir = join(root, 'images');
  const captioner = tinyCaptioner();
  await saveCaptioner(captioner, modelDir);
  captioner.dispose();
  const wordy = tinyCaptioner(-20);
  await saveCaptioner(wordy, wordyModelDir);
  wordy.dispose();
  images = await writePictures(imageDir, 2, 5, 'scene');
});

describe('gradcam caption', () => {
  it('explains a given caption: one overlay per word, JSON, and a page with one map per word', async () => {
    const out = freshDir();
    const run = runCli([
      'caption',
      '--model',
      modelDir,
      '--image',
      images[0],
      '--caption',
      'a red circle',
      '--out',
      out,
      ...CPU,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/scene-1\.png: "a red circle" \(given, log p = -\d+\.\d{3}\)/);
    const files = readdirSync(out).sort();
    expect(files).toEqual(
      [
        'scene-1-0-a.png',
        'scene-1-1-red.png',
        'scene-1-2-circle.png',
        'scene-1-caption.png',
        'scene-1.html',
        'scene-1.json',
      ].sort(),
    );
    for (const png of files.filter((f) => f.endsWith('.png'))) {
      const decoded = await decodeImage(join(out, png));
      expect([decoded.width, decoded.height]).toEqual([48, 40]);
    }
    const json = readJson(join(out, 'scene-1.json'));
    expect(json.caption).toBe('a red circle');
    expect(json.source).toBe('user');
    expect(json.words.map((w) => [w.index, w.word, w.overlay])).toEqual([
      [0, 'a', 'scene-1-0-a.png'],
      [1, 'red', 'scene-1-1-red.png'],
      [2, 'circle', 'scene-1-2-circle.png'],
    ]);
    expect(json.layer).toBe('features');
    expect(json.unknownWords).toEqual([]);

    // The log-probabilities are the model's on the image as the CLI preprocessed it.
    const captioner = await loadCaptioner(modelDir);
    const input = toTensor(await decodeImage(images[0]), { ...PRESETS.unit, size: [16, 16] });
    const [expected] = await scoreCaption(
      captioner,
      input,
      captioner.vocabulary.tokenize('a red circle').ids,
    );
    for (const [t, p] of json.logProbs.entries()) expect(p).toBeCloseTo(expected[t], 4);
    expect(json.endLogProb).toBeCloseTo(expected[3], 4);
    input.dispose();
    captioner.dispose();

    const html = readFileSync(join(out, 'scene-1.html'), 'utf8');
    expect(html.match(/<button type="button" class="panel-button"/g)).toHaveLength(4);
    expect(html.match(/<img class="thumb[^"]*" data-kind="map"/g)).toHaveLength(4);
    for (const word of ['a', 'red', 'circle', 'whole caption']) expect(html).toContain(`>${word}</button>`);
    const overlay = readFileSync(join(out, 'scene-1-1-red.png')).toString('base64');
    expect(html).toContain(`data:image/png;base64,${overlay}`);
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
    expect(html).toContain('<dt>layer</dt><dd>features</dd>');
    expect(html).toContain('<p class="subtitle">a red circle</p>');
  });

  it('--counterfactual --compare: the files hold the counterfactual maps; the page shows plain ones of both methods beside them', () => {
    const out = freshDir();
    const run = runCli([
      'caption',
      '--model',
      modelDir,
      '-i',
      images[0],
      '-c',
      'a red circle',
      '--counterfactual',
      '--compare',
      'gradcampp',
      '-o',
      out,
      ...CPU,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readJson(join(out, 'scene-1.json')).words).toHaveLength(3);
    const html = readFileSync(join(out, 'scene-1.html'), 'utf8');
    expect(html.match(/data-kind="map" data-panel="\d" data-method="gradcam"/g)).toHaveLength(4);
    expect(html.match(/data-kind="map" data-panel="\d" data-method="gradcampp"/g)).toHaveLength(4);
    expect(html.match(/data-kind="counterfactual"/g)).toHaveLength(4);
    const counterfactual = readFileSync(join(out, 'scene-1-1-red.png')).toString('base64');
    expect(html).toContain(
      `data-kind="counterfactual" data-panel="1" data-method="gradcam" src="data:image/png;base64,${counterfactual}"`,
    );
  });

  it('names unknown words on stderr and explains them as <unk>', () => {
    const out = freshDir();
    const run = runCli([
      'caption',
      '--model',
      modelDir,
      '-i',
      images[0],
      '-c',
      'a red squircle',
      '-o',
      out,
      ...CPU,
    ]);
    expect(run.status).toBe(0);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(
        /scene-1\.png: caption words not in the model's vocabulary, explained as <unk>: 'squircle'/,
      ),
    ]);
    const json = readJson(join(out, 'scene-1.json'));
    expect(json.unknownWords).toEqual(['squircle']);
    expect(json.tokens).toEqual(['a', 'red', '<unk>']);
    expect(json.words[2]).toMatchObject({
      word: '<unk>',
      text: 'squircle',
      unknown: true,
      overlay: 'scene-1-2-unk.png',
    });
    expect(existsSync(join(out, 'scene-1-2-unk.png'))).toBe(true);
    expect(readFileSync(join(out, 'scene-1.html'), 'utf8')).toContain('squircle (&lt;unk&gt;)');
  });

  it("without --caption explains the model's own caption of every image in a folder (beam search)", () => {
    const out = freshDir();
    const run = runCli([
      'caption',
      '--model',
      wordyModelDir,
      '-i',
      imageDir,
      '--beam',
      '3',
      '--max-length',
      '4',
      '-o',
      out,
      ...CPU,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const name of ['scene-1', 'scene-2']) {
      const json = readJson(join(out, `${name}.json`));
      expect(json.source).toBe('beam');
      expect(json.tokens).toHaveLength(4);
      expect(run.stdout).toContain(`${name}.png: "${json.caption}" (beam search`);
      for (const w of json.words) expect(existsSync(join(out, w.overlay))).toBe(true);
    }
  });

  it('explains only the chosen words, with another method and layer', () => {
    const out = freshDir();
    const caption = 'a blue square above a red circle';
    const run = runCli([
      'caption',
      '--model',
      modelDir,
      '-i',
      images[1],
      '-c',
      caption,
      '-w',
      'red,0,square',
      '-m',
      'gradcampp',
      '-l',
      'conv1',
      '-o',
      out,
      ...CPU,
    ]);
    expect(run.status).toBe(0);
    const json = readJson(join(out, 'scene-2.json'));
    expect([json.method, json.layer]).toEqual(['gradcampp', 'conv1']);
    expect(json.words.map((w) => [w.index, w.word])).toEqual([
      [0, 'a'],
      [2, 'square'],
      [5, 'red'],
    ]);
    expect(json.tokens).toHaveLength(7);
  });

  it('without --model or --image: the committed ShapeWorld captioner on the scene of --seed, naming its objects', () => {
    const out = freshDir();
    const run = runCli(['caption', '--seed', '1', '-o', out, ...CPU]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^model: .*models\/captioner; show-attend-tell decoder, \d+ tokens; preset tf$/m,
    );
    const json = JSON.parse(readFileSync(join(out, 'scene-1.json'), 'utf8'));
    const scene = generateScene(1);
    // Every (colour, shape) pair the caption names is an object of the scene (the generator's truth).
    const tokens: string[] = json.tokens;
    const named = tokens.flatMap((w, i) =>
      (COLORS as readonly string[]).includes(w) ? [`${w} ${tokens[i + 1]}`] : [],
    );
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(scene.objects.map((o) => `${o.color} ${o.shape}`)).toContain(name);
    expect(json.words.map((w: { word: string }) => w.word)).toEqual(tokens);
  });

  it('--model without --image says what is missing', () => {
    const run = runCli(['caption', '--model', 'somewhere', ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^gradcam: --image is needed with --model/)]);
  });

  it('a missing image fails the run before the model loads: no output, no "wrote" line (exit 1)', () => {
    const out = join(freshDir(), 'out');
    const run = runCli([
      'caption',
      '--model',
      modelDir,
      '-i',
      images[0],
      'missing.png',
      '-c',
      'a circle',
      '-o',
      out,
      ...CPU,
    ]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^gradcam: no such image file: missing\.png \(/),
    ]);
  });
});
