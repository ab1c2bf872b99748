// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { classTarget, explain, selectBackend } from '@gradcam/core';
import { decodeImage, PRESETS, toTensor } from '@gradcam/render';
import { fileSystemSaver, graphModelAdapter, layersModelAdapter, loadModel } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageSummary, RunSummary } from '../src/explain/summary';
import { readNpy } from './helpers/npy-reader';
import { assertBuilt, freshDir, lines, runCli } from './helpers/run-cli';
import { tinyClassifier, writePictures, writeTinyGraphModel } from './helpers/tiny-classifier';

const CPU = ['--backend', 'cpu'];

let model: tfl.LayersModel;
let modelDir: string;
let imageDir: string;
let images: string[];

beforeAll(async () => {
  assertBuilt();
  await selectBackend('cpu');
  const root = freshDir();
  modelDir = join(root, 'model');
  imageDir = join(root, 'images');
  model = tinyClassifier();
  await model.save(fileSystemSaver(modelDir));
  images = await writePictures(imageDir, 3, 7);
});
afterAll(() => model.dispose());

/** The model's classes on one image, best first, by the model's own predict(). */
async function topClasses(file: string): Promise<number[]> {
  const input = toTensor(await decodeImage(file), { ...PRESETS.unit, size: [32, 32] });
  const probs = model.predict(input) as tf.Tensor;
  const values = Array.from(await probs.data());
  tf.dispose([input, probs]);
  return values
    .map((p, c) => [p, c])
    .sort((a, b) => b[0] - a[0])
    .map(([, c]) => c);
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('gradcam layers', () => {
  it('lists every layer with its shape, the conv layers explainable and conv2 the default', () => {
    const run = runCli(['layers', '--model', modelDir, ...CPU]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const rows = lines(run.stdout);
    expect(rows[0]).toMatch(/^layer\s+type\s+output shape\s+explainable$/);
    expect(rows).toContainEqual(expect.stringMatching(/^conv1\s+Conv2D\s+\[batch, 32, 32, 8\]\s+yes$/));
    expect(rows).toContainEqual(
      expect.stringMatching(/^conv2\s+Conv2D\s+\[batch, 16, 16, 12\]\s+yes \(default\)$/),
    );
    expect(rows).toContainEqual(expect.stringMatching(/^probs\s+Dense\s+\[batch, 4\]$/));
    expect(run.stdout).toMatch(/^default: conv2/m);
  });

  it('--json gives the same list to scripts', () => {
    const run = runCli(['layers', '--model', join(modelDir, 'model.json'), '--json', ...CPU]);
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as { name: string; explainable: boolean; isDefault: boolean }[];
    expect(rows.filter((r) => r.explainable).map((r) => r.name)).toEqual(['conv1', 'conv2']);
    expect(rows.filter((r) => r.isDefault).map((r) => r.name)).toEqual(['conv2']);
  });
});

describe('gradcam explain on a folder of images', () => {
  const out = join(freshDir(), 'out');
  let run: ReturnType<typeof runCli>;
  let summary: RunSummary;

  beforeAll(() => {
    run = runCli([
      'explain',
      '--model',
      modelDir,
      '--image',
      imageDir,
      '--out',
      out,
      '-f',
      'png,json',
      '-f',
      'npy',
      ...CPU,
    ]);
    if (run.status === 0) summary = readJson(join(out, 'summary.json'));
  });

  it('exits 0, says which backend, model and layer, and reports every image', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^backend: cpu \(requested\)$/m);
    expect(run.stdout).toMatch(
      /^model: .* \(LayersModel\); input 32x32, preset unit; explains logits before its softmax \(4 classes\)$/m,
    );
    expect(run.stdout).toMatch(/^layer: conv2 \[batch, 16, 16, 12\] \(default: /m);
    for (const file of images) expect(run.stdout).toContain(file);
    expect(run.stdout).toMatch(/explained 3 of 3 images; wrote 6 map files, 3 image summaries/);
  });

  it('writes per image an overlay at the image size, a .npy map and a JSON summary', async () => {
    for (const file of images) {
      const name = basename(file, '.png');
      const [top] = await topClasses(file);
      const overlay = await decodeImage(join(out, `${name}-${top}.png`));
      expect([overlay.width, overlay.height]).toEqual([48, 40]);
      const own = readJson<ImageSummary & { layers: { name: string; choice: string }[]; method: string }>(
        join(out, `${name}.json`),
      );
      expect(own.method).toBe('gradcam');
      expect(own.layers).toEqual([
        expect.objectContaining({ name: 'conv2', choice: expect.stringMatching(/^default/) }),
      ]);
      expect(own.maps.map((m) => m.class)).toEqual([top]);
      expect(own.maps[0].files).toEqual([`${name}-${top}.png`, `${name}-${top}.npy`]);
      expect(own.topClasses.map((c) => c.class)).toEqual((await topClasses(file)).slice(0, 4));
      expect(own.timing.explainMs).toBeGreaterThan(0);
    }
    expect(summary.images).toHaveLength(3);
    expect(summary.failures).toEqual([]);
    expect(summary.backend.name).toBe('cpu');
  });

  it('each .npy parses and equals the map explain() computes in-process', async () => {
    const adapter = layersModelAdapter(model);
    for (const file of images) {
      const name = basename(file, '.png');
      const [top] = await topClasses(file);
      const npyBytes = readFileSync(join(out, `${name}-${top}.npy`));
      const npy = readNpy(npyBytes);
      expect(npy.shape).toEqual([40, 48]);
      expect((10 + npy.headerLength) % 64).toBe(0);
      const image = await decodeImage(file);
      const input = toTensor(image, { ...PRESETS.unit, size: [32, 32] });
      const explanation = await explain(adapter, input, classTarget(top), { outputSize: [40, 48] });
      input.dispose();
      const { map } = explanation.maps[0];
      expect(Math.max(...map.data)).toBeGreaterThan(0.99);
      const worst = Math.max(...Array.from(map.data, (v, i) => Math.abs(v - npy.data[i])));
      expect(worst).toBeLessThan(1e-5);
    }
  });
});

describe('gradcam explain options', () => {
  it('--top 2 explains the two best classes by model.predict, in one run', async () => {
    const out = freshDir();
    const run = runCli(['explain', '--model', modelDir, '-i', images[0], '--top', '2', '-o', out, ...CPU]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const name = basename(images[0], '.png');
    const own = readJson<ImageSummary>(join(out, `${name}.json`));
    const best = (await topClasses(images[0])).slice(0, 2);
    expect(own.maps.map((m) => m.class)).toEqual(best);
    for (const c of best) expect(existsSync(join(out, `${name}-${c}.png`))).toBe(true);
    expect(own.maps[0].probability).toBeGreaterThanOrEqual(own.maps[1].probability ?? 1);

    // html is on by default: one page per image, its classes as panels, best first.
    expect(own.report).toBe(`${name}.html`);
    expect(run.stdout).toMatch(/1 report pages \(<name>\.html\)/);
    const html = readFileSync(join(out, `${name}.html`), 'utf8');
    const labels = [...html.matchAll(/<span class="label">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(labels).toEqual(best.map((c) => `class ${c}`));
    for (const c of best) {
      const overlay = readFileSync(join(out, `${name}-${c}.png`)).toString('base64');
      expect(html).toContain(`src="data:image/png;base64,${overlay}"`);
    }
    expect(html).toMatch(/<span class="numbers">logit -?[\d.]+ · p [\d.]+%<\/span>/);
    expect(html).toContain('<dt>layer</dt><dd>conv2</dd>');
    expect(html).toContain('<dt>method</dt><dd>gradcam</dd>');
    expect(html).toContain('<dt>backend</dt><dd>cpu</dd>');
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
  });

  it('--compare: the page compares the methods side by side; the files stay those of --method', () => {
    const out = freshDir();
    const args = [
      'explain',
      '--model',
      modelDir,
      '-i',
      images[0],
      '--top',
      '2',
      '--compare',
      'Grad-CAM++,gradcam',
    ];
    const run = runCli([...args, '-o', out, ...CPU]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const name = basename(images[0], '.png');
    const summary = readJson<RunSummary>(join(out, 'summary.json'));
    expect([summary.method, summary.compare]).toEqual(['gradcam', ['gradcampp', 'gradcam']]);
    expect(readdirSync(out).filter((f) => f.endsWith('.png'))).toHaveLength(2);
    const html = readFileSync(join(out, `${name}.html`), 'utf8');
    expect(html).toContain('<h2>Compare methods</h2>');
    expect(html).toContain('<dt>methods</dt><dd>gradcam, gradcampp</dd>');
    expect(html.match(/data-kind="map" data-panel="\d" data-method="gradcampp"/g)).toHaveLength(2);
    expect(html.match(/data-kind="map" data-panel="\d" data-method="gradcam"/g)).toHaveLength(2);
  });

  it('--counterfactual --guided -f html: only the page, with plain and counterfactual maps and guided images', () => {
    const out = freshDir();
    const args = ['explain', '--model', modelDir, '-i', images[0], '--counterfactual', '--guided'];
    const run = runCli([...args, '-f', 'html', '-o', out, ...CPU]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const name = basename(images[0], '.png');
    expect(readdirSync(out).sort()).toEqual([`${name}.html`, 'summary.json']);
    const html = readFileSync(join(out, `${name}.html`), 'utf8');
    expect(html.match(/data-kind="map"/g)).toHaveLength(1);
    expect(html.match(/data-kind="counterfactual"/g)).toHaveLength(1);
    expect(html).toContain('<figcaption>guided backpropagation</figcaption>');
    expect(html).toContain('<figcaption>Guided Grad-CAM</figcaption>');
  });

  it('--class, --guided, several layers and a quoted glob', () => {
    const out = freshDir();
    const glob = join(imageDir, 'pic-[12].png');
    const args = [
      'explain',
      '--model',
      modelDir,
      '-i',
      glob,
      '--class',
      '3',
      '--guided',
      '-l',
      'conv1',
      '--layer',
      'conv2',
    ];
    const run = runCli([...args, '-o', out, '-f', 'jpg', ...CPU]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(
      ['pic-1', 'pic-2']
        .flatMap((n) => [`${n}-3.jpg`, `${n}-3-guided.jpg`, `${n}-3-guided-gradcam.jpg`])
        .concat('summary.json')
        .sort(),
    );
    const summary = readJson<RunSummary>(join(out, 'summary.json'));
    expect(summary.layers.map((l) => [l.name, l.choice])).toEqual([
      ['conv1', 'named; the body runs on onnxruntime'],
      ['conv2', 'named; the body runs on onnxruntime'],
    ]);
    expect(summary.guided).toBe(true);
  });

  it.each([
    [['--class', '9'], /^gradcam: --class 9 is out of range: the model has 4 classes \(0\.\.3\)$/],
    [['--top', '5'], /^gradcam: --top 5 asks for more classes than the model has \(4\)$/],
    [
      ['--layer', 'nope'],
      /^gradcam: unknown layer 'nope'; explainable layers: conv1 \[batch, 32, 32, 8\], conv2 \[batch, 16, 16, 12\]$/,
    ],
    [['--class', '1', '--top', '2'], /^gradcam: option '--top <k>' cannot be used with option '--class <n>'/],
    [['-f', 'gif'], /argument 'gif' is invalid\. Unknown 'gif'; allowed: png, jpg, json, npy, html/],
    [
      ['--compare', 'gradcam,nope'],
      /^gradcam: option '--compare <methods>' argument 'gradcam,nope' is invalid\. Unknown/,
    ],
  ])('%j fails before any image with one line', (extra, message) => {
    const out = join(freshDir(), 'out');
    const run = runCli(['explain', '--model', modelDir, '-i', imageDir, '-o', out, ...extra, ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(message)]);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });
});

describe('gradcam explain failures', () => {
  it('a corrupt image among good ones: one line naming it, the others written, exit 1', () => {
    const dir = freshDir();
    for (const file of images) copyFileSync(file, join(dir, basename(file)));
    writeFileSync(join(dir, 'broken.png'), 'this is not a PNG');
    const out = freshDir();
    const run = runCli(['explain', '--model', modelDir, '-i', dir, '-o', out, ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^gradcam: ".*broken\.png" is not a readable PNG\/JPEG.* image \(/),
    ]);
    expect(run.stdout).toMatch(/explained 3 of 4 images/);
    for (const file of images) expect(existsSync(join(out, `${basename(file, '.png')}.json`))).toBe(true);
    const summary = readJson<RunSummary>(join(out, 'summary.json'));
    expect(summary.failures).toEqual([
      { image: join(dir, 'broken.png'), message: expect.stringContaining('broken.png') },
    ]);
  });

  it('a missing image file fails the run before the model loads, and leaves no output folder', () => {
    const out = join(freshDir(), 'out');
    const run = runCli(['explain', '--model', modelDir, '-i', images[0], 'nowhere.png', '-o', out, ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^gradcam: no such image file: nowhere\.png \(/),
    ]);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('a model folder whose weight shard is gone: one line naming the shard', () => {
    const broken = join(freshDir(), 'model');
    mkdirSync(broken);
    copyFileSync(join(modelDir, 'model.json'), join(broken, 'model.json'));
    for (const command of [['explain', '-i', images[0]], ['layers']]) {
      const run = runCli([...command, '--model', broken, ...CPU]);
      expect(run.status).toBe(1);
      expect(lines(run.stderr)).toEqual([
        expect.stringMatching(
          /^gradcam: weight shard 'weights\.bin' named in .*model\.json is missing: expected it at .*weights\.bin$/,
        ),
      ]);
    }
  });

  it('a 1-channel model gets the luma of the picture: scores and map equal explain() on 0.299 R + 0.587 G + 0.114 B', async () => {
    const grey = tinyClassifier({ size: 28, channels: 1 });
    const dir = join(freshDir(), 'grey');
    await grey.save(fileSystemSaver(dir));
    const out = freshDir();
    const run = runCli(['explain', '--model', dir, '-i', images[0], '-o', out, '-f', 'png,json,npy', ...CPU]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // The luma, computed here in float64 from the RGB input resized as the CLI resizes it.
    const rgb = toTensor(await decodeImage(images[0]), { ...PRESETS.unit, size: [28, 28] });
    const values = await rgb.data();
    const luma = new Float64Array(28 * 28);
    for (let p = 0; p < luma.length; p++) {
      luma[p] = 0.299 * values[p * 3] + 0.587 * values[p * 3 + 1] + 0.114 * values[p * 3 + 2];
    }
    const input = tf.tensor4d(Float32Array.from(luma), [1, 28, 28, 1]);
    const probs = grey.predict(input) as tf.Tensor;
    const best = Array.from(await probs.data())
      .map((p, c) => [p, c])
      .sort((x, y) => y[0] - x[0])[0][1];
    const name = basename(images[0], '.png');
    const own = readJson<ImageSummary>(join(out, `${name}.json`));
    expect(own.maps.map((m) => m.class)).toEqual([best]);
    const npy = readNpy(readFileSync(join(out, `${name}-${best}.npy`)));
    const explanation = await explain(layersModelAdapter(grey), input, classTarget(best), {
      outputSize: [40, 48],
    });
    const { map } = explanation.maps[0];
    expect(Math.max(...map.data)).toBeGreaterThan(0.99);
    const worst = Math.max(...Array.from(map.data, (v, i) => Math.abs(v - npy.data[i])));
    expect(worst).toBeLessThan(1e-5);
    tf.dispose([rgb, input, probs]);
    grey.dispose();
  });

  it('a model whose input is no image of 1 or 3 channels: one line with its shape', async () => {
    const four = tinyClassifier({ size: 28, channels: 4 });
    const dir = join(freshDir(), 'four');
    await four.save(fileSystemSaver(dir));
    four.dispose();
    const run = runCli(['explain', '--model', dir, '-i', images[0], ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([
      "gradcam: the model's input 'image' is [batch, 28, 28, 4], 4-channel images; gradcam explain feeds RGB images as [batch, height, width, 3] (NHWC), or grayscale ones as [batch, height, width, 1]",
    ]);
  });

  it('a GraphModel (converted SavedModel) is explained like a LayersModel', async () => {
    const dir = freshDir();
    const conv = model.layers.find((l) => l.getClassName() === 'Conv2D')!;
    writeTinyGraphModel(dir, conv.getWeights());

    const layersRun = runCli(['layers', '--model', dir, ...CPU]);
    expect(layersRun.status).toBe(0);
    expect(layersRun.stdout).toMatch(/conv\/Relu.*yes \(default\)/);

    const out = freshDir();
    const run = runCli([
      'explain',
      '--model',
      dir,
      '-i',
      images[0],
      '--class',
      '2',
      '-f',
      'npy',
      '-o',
      out,
      ...CPU,
    ]);
    expect(run.status).toBe(0);
    const name = basename(images[0], '.png');
    const npy = readNpy(readFileSync(join(out, `${name}-2.npy`)));
    const loaded = await loadModel(dir);
    if (loaded.kind !== 'graph') throw new Error('expected a GraphModel');
    const input = toTensor(await decodeImage(images[0]), { ...PRESETS.unit, size: [32, 32] });
    const explanation = await explain(graphModelAdapter(loaded.model), input, classTarget(2), {
      outputSize: npy.shape as [number, number],
    });
    const { map } = explanation.maps[0];
    expect(Math.max(...Array.from(map.data, (v, i) => Math.abs(v - npy.data[i])))).toBeLessThan(1e-5);
    input.dispose();
    loaded.model.dispose();
  });

  it('no images at all: one line', () => {
    const run = runCli(['explain', '--model', modelDir, '-i', join(imageDir, '*.webp'), ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^gradcam: no files match .*\*\.webp$/)]);
  });
});

afterAll(() => rmSync(imageDir, { recursive: true, force: true }));
