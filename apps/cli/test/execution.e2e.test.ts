import '@tensorflow/tfjs-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/explain/summary';
import { readNpy } from './helpers/npy-reader';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { tinyClassifier, writePictures } from './helpers/tiny-classifier';

/**
 * `gradcam explain` on a TF.js model runs its body on onnxruntime when every layer before the cut
 * is exported (`--execution auto`, the default), says so on the layer line and in the JSON, and
 * gives the maps of `--execution tfjs`; a layer that is not exported keeps TF.js and is named.
 */
let modelDir: string;
let normDir: string;
let image: string;

beforeAll(async () => {
  assertBuilt();
  await selectBackend('cpu');
  const root = freshDir();
  modelDir = join(root, 'model');
  normDir = join(root, 'norm-model');
  const model = tinyClassifier();
  await model.save(fileSystemSaver(modelDir));
  model.dispose();
  const x = tfl.input({ shape: [32, 32, 3], name: 'image' });
  let h = tfl.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv1' }).apply(x) as tfl.SymbolicTensor;
  h = tfl.layers.layerNormalization({ name: 'norm' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.conv2d({ filters: 6, kernelSize: 3, name: 'conv2' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.globalAveragePooling2d({}).apply(h) as tfl.SymbolicTensor;
  const norm = tfl.model({
    inputs: x,
    outputs: tfl.layers.dense({ units: 3 }).apply(h) as tfl.SymbolicTensor,
  });
  await norm.save(fileSystemSaver(normDir));
  norm.dispose();
  [image] = await writePictures(join(root, 'images'), 1, 3);
});

function explainRun(model: string, extra: string[]) {
  const out = join(freshDir(), 'out');
  const run = runCli([
    'explain',
    '--model',
    model,
    '-i',
    image,
    '-o',
    out,
    '-f',
    'npy,json',
    '--top',
    '2',
    '-q',
    ...extra,
  ]);
  return { run, out };
}

const maps = (out: string) =>
  readdirSync(out)
    .filter((f) => f.endsWith('.npy'))
    .sort()
    .map((f) => readNpy(readFileSync(join(out, f))).data);

describe('--execution', () => {
  it('auto runs the body on onnxruntime, reports it, and gives the maps of tfjs (1e-4)', () => {
    const auto = explainRun(modelDir, []);
    expect(auto.run.stderr).toBe('');
    expect(auto.run.stdout).toMatch(/layer: conv2 .*the body runs on onnxruntime/);
    const summary = JSON.parse(readFileSync(join(auto.out, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.layers[0].execution).toBe('onnxruntime');

    const tfjs = explainRun(modelDir, ['--execution', 'tfjs']);
    expect(tfjs.run.status).toBe(0);
    expect(tfjs.run.stdout).toMatch(/the body runs in TF\.js \(--execution tfjs\)/);
    const [a, b] = [maps(auto.out), maps(tfjs.out)];
    expect(a.length).toBe(2);
    // Maps with something on them: two all-zero maps would agree whatever ran.
    expect(a.every((m) => m.some((v) => v > 0.5))).toBe(true);
    for (let i = 0; i < a.length; i++) {
      let worst = 0;
      for (let k = 0; k < a[i].length; k++) worst = Math.max(worst, Math.abs(a[i][k] - b[i][k]));
      expect(worst).toBeLessThan(1e-4);
    }
  });

  it('a layer that is not exported: TF.js with the layer named; --execution onnxruntime refuses', () => {
    const auto = explainRun(normDir, []);
    expect(auto.run.status).toBe(0);
    expect(auto.run.stdout).toMatch(
      /the body runs in TF\.js: the body holds layer 'norm' \(LayerNormalization\)/,
    );
    const forced = explainRun(normDir, ['--execution', 'onnxruntime']);
    expect(forced.run.status).not.toBe(0);
    expect(forced.run.stderr).toMatch(/--execution onnxruntime: .*layer 'norm' \(LayerNormalization\)/);
  });
});
