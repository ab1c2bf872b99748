// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withHalvedGradient } from '../../../packages/core/test/helpers/broken-gradient';
import { residualNet } from '../../../packages/onnx/test/helpers/test-nets';
import type { CheckReport } from '../src/check/run-check';
import type { ImageSummary, RunSummary } from '../src/explain/summary';
import { createProgram } from '../src/program';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { tinyClassifier, writePictures, writeTinyGraphModel } from './helpers/tiny-classifier';

let layersDir: string;
let graphDir: string;
let onnxFile: string;
let images: string[];

beforeAll(async () => {
  assertBuilt();
  await selectBackend('cpu');
  const root = freshDir();
  const model = tinyClassifier();
  layersDir = join(root, 'layers');
  await model.save(fileSystemSaver(layersDir));
  graphDir = join(root, 'graph');
  writeTinyGraphModel(graphDir, model.layers.find((l) => l.getClassName() === 'Conv2D')!.getWeights());
  model.dispose();
  onnxFile = join(root, 'residual.onnx');
  writeFileSync(onnxFile, residualNet());
  images = await writePictures(join(root, 'images'), 1, 5);
});
afterAll(() => undefined);

const checkJson = (args: string[]) => {
  const run = runCli(['check', ...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.status, run.stdout).toBe(0);
  return JSON.parse(run.stdout) as CheckReport;
};

describe('gradcam check', () => {
  for (const backend of ['cpu', 'wasm']) {
    it(`checks every explainable layer of a LayersModel on ${backend}`, () => {
      const report = checkJson(['--model', layersDir, '--backend', backend]);
      expect(report.backend.name).toBe(backend);
      expect(Array.isArray(report.backend.fixes)).toBe(true);
      expect(report.layers.map((l) => l.layer)).toEqual(['conv1', 'conv2']);
      for (const l of report.layers) {
        expect(l.passed, l.layer).toBe(true);
        expect(l.maxRelError, l.layer).toBeLessThan(5e-3);
      }
      // The gradient, the score at the point, four evaluations per direction and step size.
      for (const l of report.layers) expect(l.headEvaluations).toBe(50);
      expect(report.sample).toBe('seeded noise 32x32 (seed 1)');
    });
  }

  it('prints a table: layer, shape, max rel error, pass; and the backend with its fixes', () => {
    const run = runCli([
      'check',
      '--model',
      layersDir,
      '--layer',
      'conv1',
      '--backend',
      'cpu',
      '-i',
      images[0],
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^backend: cpu \(.*\); kernel fixes in force: /m);
    expect(run.stdout).toMatch(/^layer\s+shape\s+max rel error\s+pass\s+ms$/m);
    expect(run.stdout).toMatch(/^conv1\s+\[batch, 32, 32, 8\]\s+\d\.\d\de-\d+\s+yes\s+\d+$/m);
    expect(run.stdout).toMatch(/all 1 layers pass on cpu/);
  });

  it('checks a GraphModel', () => {
    const report = checkJson(['--model', graphDir, '--backend', 'wasm']);
    expect(report.model.kind).toBe('graph');
    expect(report.layers.length).toBeGreaterThan(0);
    for (const l of report.layers) expect(l.passed, `${l.layer}: ${l.error ?? l.maxRelError}`).toBe(true);
  });

  it('checks an ONNX model at every explainable tensor', () => {
    const report = checkJson(['--model', onnxFile, '--backend', 'wasm']);
    expect(report.model.kind).toBe('onnx');
    expect(report.layers.length).toBeGreaterThan(3);
    for (const l of report.layers) expect(l.passed, `${l.layer}: ${l.error ?? l.maxRelError}`).toBe(true);
  });

  it('passes every layer of the ShapeWorld classifier trained in this repository, on WASM', () => {
    const classifier = fileURLToPath(
      new URL('../../../packages/shapeworld/models/classifier', import.meta.url),
    );
    const report = checkJson(['--model', classifier, '--preset', 'tf', '--backend', 'wasm']);
    expect(report.layers.map((l) => l.layer)).toEqual([
      'conv1a',
      'conv1b',
      'pool1',
      'conv2a',
      'conv2b',
      'pool2',
      'features',
    ]);
    for (const l of report.layers) expect(l.passed, `${l.layer}: ${l.maxRelError}`).toBe(true);
  });

  it('a threshold no float32 check can meet fails the run with exit code 1, naming the layers', () => {
    const run = runCli(['check', '--model', layersDir, '--backend', 'cpu', '--threshold', '1e-12']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/2 of 2 layers FAIL on cpu: .*\(conv1, conv2\)/);
  });
});

describe('gradcam explain --verify', () => {
  it('writes the figures into each image JSON and onto its page', () => {
    const out = freshDir();
    const run = runCli([
      'explain',
      '--model',
      layersDir,
      '-i',
      images[0],
      '--verify',
      '--top',
      '2',
      '-o',
      out,
      '--backend',
      'wasm',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'pic-1.json'), 'utf8')) as ImageSummary & {
      verify: boolean;
    };
    expect(summary.verify).toBe(true);
    expect(summary.verification).toMatchObject({
      backend: 'wasm',
      layer: 'conv2',
      threshold: 0.05,
      passed: true,
      checks: 12,
    });
    expect(summary.maps).toHaveLength(2);
    for (const m of summary.maps) {
      expect(m.verification?.passed).toBe(true);
      expect(m.verification?.maxRelError).toBeLessThan(1e-3);
    }
    const page = readFileSync(join(out, 'pic-1.html'), 'utf8');
    expect(page).toMatch(/gradient check/);
    expect(page).toMatch(/passed: max relative error \d\.\d\de-\d+ at conv2/);
  });
});

/**
 * The program in this process, so that a gradient broken here is the one the CLI uses; its
 * output and exit code are captured and restored.
 */
async function runInProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((s: string) => out.push(String(s)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(String(s)) > 0) as typeof process.stderr.write;
  process.exitCode = 0;
  try {
    await createProgram().parseAsync(['node', 'gradcam', ...args]);
    return { status: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.exitCode = 0;
  }
}

describe('a broken gradient in the head', () => {
  it('explain --verify fails the image, naming the layer; the plain explain draws a map anyway', async () => {
    const args = ['--model', layersDir, '-i', images[0], '--backend', 'cpu', '-q'];
    const plainOut = freshDir();
    const plain = await withHalvedGradient('Mean', () => runInProcess(['explain', ...args, '-o', plainOut]));
    expect(plain.status).toBe(0);
    const out = freshDir();
    const verified = await withHalvedGradient('Mean', () =>
      runInProcess(['explain', ...args, '--verify', '-o', out]),
    );
    expect(verified.status).toBe(1);
    expect(verified.stderr).toMatch(
      /gradcam: .*pic-1\.png: gradient check failed at layer 'conv2' for target 'class \d' .* on backend 'cpu'/,
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
    expect(summary.images).toHaveLength(0);
    expect(summary.failures[0].message).toMatch(/layer 'conv2'/);
  });

  it('gradcam check reports the layers behind it as failing, exit code 1', async () => {
    const run = await withHalvedGradient('Mean', () =>
      runInProcess(['check', '--model', layersDir, '--backend', 'cpu', '--json']),
    );
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as CheckReport;
    // Both layers' heads end in the global average pooling whose gradient is halved.
    for (const l of report.layers) {
      expect(l.passed, l.layer).toBe(false);
      expect(l.maxRelError, l.layer).toBeGreaterThan(0.4);
    }
  });
});
