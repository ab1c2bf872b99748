// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededUniform, selectBackend } from '@gradcam/core';
import { decodeImage, PRESETS, toTensor, writeImage } from '@gradcam/render';
import { askQuestions, generateScene } from '@gradcam/shapeworld';
import { createReferenceVqa, explainAnswer, saveVqaModel, smallConvEncoder } from '@gradcam/vqa';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type RequiredResource,
  skipNote,
  skipWithout,
} from '../../../packages/core/test/helpers/required-resource';
import { assertBuilt, freshDir, lines, runCli } from './helpers/run-cli';
import { drawPicture } from './helpers/tiny-classifier';

const QUESTION = 'what color is the circle';
const WASM = ['--backend', 'wasm'];

let modelDir: string;
let imageFile: string;

interface VqaJson {
  question: string;
  tokens: string[];
  unknownWords: string[];
  answers: {
    answer: string;
    rank: number;
    score: number;
    overlay: string;
    wordImportance: { word: string; score: number; gradientNorm: number; known: boolean }[];
  }[];
}

beforeAll(async () => {
  assertBuilt();
  await selectBackend('wasm');
  const root = freshDir();
  modelDir = join(root, 'vqa-model');
  imageFile = join(root, 'x.png');
  const model = createReferenceVqa({
    encoder: smallConvEncoder({ size: 16, filters: [4, 8], seed: 2 }),
    questionWords: 'what color shape is the circle square triangle how many'.split(' '),
    answers: ['red', 'green', 'blue', 'circle', 'square', 'yes', 'no', 'dark blue'],
    embeddingSize: 8,
    lstmUnits: 8,
    fusionSize: 8,
    hiddenSize: 8,
    seed: 2,
    metadata: { preset: 'unit' },
  });
  await saveVqaModel(model, modelDir);
  model.dispose();
  // Not the encoder's 16x16, so that resizing to the input and the maps back is exercised.
  await writeImage(imageFile, drawPicture(24, 20, seededUniform(5)));
});

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as VqaJson;

describe('gradcam vqa', () => {
  it('--top 2: prints the answers, writes two overlays, JSON with word importances and an HTML page', async () => {
    const cwd = freshDir();
    const run = runCli(
      [
        'vqa',
        '--model',
        modelDir,
        '--image',
        imageFile,
        '--question',
        QUESTION,
        '--top',
        '2',
        '--out',
        'tmp',
        ...WASM,
      ],
      cwd,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = join(cwd, 'tmp');
    const json = readJson(join(out, 'x.json'));
    expect(json.tokens).toEqual(QUESTION.split(' '));
    expect(json.answers.map((a) => a.rank)).toEqual([1, 2]);
    for (const a of json.answers) {
      expect(existsSync(join(out, a.overlay))).toBe(true);
      expect(a.wordImportance.map((w) => w.word)).toEqual(QUESTION.split(' '));
      expect(a.wordImportance.every((w) => Number.isFinite(w.score) && w.gradientNorm >= 0)).toBe(true);
      expect(run.stdout).toContain(`#${a.rank} ${a.answer}  score`);
    }
    const overlay = await decodeImage(join(out, json.answers[0].overlay));
    expect([overlay.width, overlay.height]).toEqual([24, 20]);
    expect(readdirSync(out).filter((f) => f.endsWith('.png'))).toHaveLength(2);
    const html = readFileSync(join(out, 'x.html'), 'utf8');
    // The image, one map per answer and the colour bar, inline; nothing to fetch.
    expect(html.match(/<button type="button" class="panel-button"/g)).toHaveLength(2);
    for (const a of json.answers) {
      expect(html).toContain(
        `src="data:image/png;base64,${readFileSync(join(out, a.overlay)).toString('base64')}"`,
      );
      expect(html).toContain(`<span class="label">${a.answer}</span>`);
    }
    expect(html).toContain('<img id="image"');
    expect(html).toContain('id="colorbar"');
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
    expect(html.match(/class="chip" style=/g)).toHaveLength(2 * QUESTION.split(' ').length);
    expect(html).toContain('<p class="subtitle">what color is the circle</p>');

    // The same answers and scores as the library in-process on the same preprocessed image.
    const { loadVqaModel } = await import('@gradcam/vqa');
    const model = await loadVqaModel(modelDir);
    const input = toTensor(await decodeImage(imageFile), { ...PRESETS.unit, size: [16, 16] });
    const direct = await explainAnswer(model, input, QUESTION, { top: 2 });
    input.dispose();
    model.dispose();
    expect(json.answers.map((a) => a.answer)).toEqual(direct.answers.map((a) => a.answer));
    json.answers.forEach((a, k) => {
      expect(a.score).toBeCloseTo(direct.answers[k].score, 4);
    });
  });

  it('--answer and --counterfactual: names the answers, reports unknown words', () => {
    const cwd = freshDir();
    const run = runCli(
      [
        'vqa',
        '--model',
        modelDir,
        '--image',
        imageFile,
        '--question',
        'What colour is the circle?',
        '--answer',
        'dark blue,no',
        '--counterfactual',
        '--method',
        'gradcam++',
        '--layer',
        'conv1',
        '--compare',
        'gradcam',
        '--out',
        'o',
        ...WASM,
      ],
      cwd,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('unknown words (read as <unk>): colour');
    expect(run.stdout).toContain('counterfactual gradcampp at layer conv1');
    expect(readdirSync(join(cwd, 'o')).sort()).toEqual([
      'x-dark-blue-counterfactual.png',
      'x-no-counterfactual.png',
      'x.html',
      'x.json',
    ]);
    expect(readJson(join(cwd, 'o', 'x.json')).unknownWords).toEqual(['colour']);
    const html = readFileSync(join(cwd, 'o', 'x.html'), 'utf8');
    // Plain gradcam++ and gradcam maps of each answer side by side, and gradcam++'s counterfactual.
    expect(html.match(/data-kind="map"/g)).toHaveLength(4);
    expect(html.match(/data-kind="counterfactual" data-panel="\d" data-method="gradcampp"/g)).toHaveLength(2);
    expect(html).toContain('<dt>methods</dt><dd>gradcampp, gradcam</dd>');
    expect(html).toContain('<dt>layer</dt><dd>conv1</dd>');
    expect(html).toContain('unknown question words, read as &lt;unk&gt;: colour');
  });

  it('an answer the model does not know fails with the closest ones it does', () => {
    const run = runCli([
      'vqa',
      '--model',
      modelDir,
      '--image',
      imageFile,
      '--question',
      QUESTION,
      '-a',
      'bleu',
      ...WASM,
    ]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([
      "gradcam: 'bleu' is not an answer this model knows (it has 8); closest: 'blue', 'red', 'yes', 'green', 'no'",
    ]);
  });

  const weights = new URL('../../../packages/shapeworld/models/vqa/vqa-weights.bin', import.meta.url);
  const committedVqa: RequiredResource = {
    name: `the committed ShapeWorld VQA weights (${weights.pathname})`,
    present: existsSync(weights),
    howToGet: 'They are committed: restore them (git checkout packages/shapeworld/models/vqa).',
  };
  it.skipIf(skipWithout(committedVqa))(
    `without --model or --image: the committed ShapeWorld VQA model answers the scene's first question${skipNote(committedVqa)}`,
    () => {
      const out = freshDir();
      const run = runCli(['vqa', '--seed', '4', '-o', out]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const [question] = askQuestions(generateScene(4));
      expect(run.stdout).toContain(
        `question about scene 4: ${question.text} (true answer: ${question.answer})`,
      );
      const json = JSON.parse(readFileSync(join(out, 'scene-4.json'), 'utf8'));
      expect(json.question).toBe(question.text);
      expect(json.predicted.answer).toBe(question.answer);
    },
  );

  it('--image without --question says what is missing', () => {
    const run = runCli(['vqa', '--image', imageFile]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^gradcam: --question is needed with --image/);
  });

  it('--answer and --top together are a usage error', () => {
    const run = runCli([
      'vqa',
      '--model',
      modelDir,
      '--image',
      imageFile,
      '--question',
      QUESTION,
      '-a',
      'red',
      '--top',
      '2',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /gradcam: option '--top <k>' cannot be used with option '-a, --answer <answers>'/,
    );
  });
});
