import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeModel, type TensorSpec } from '../../../packages/onnx/test/helpers/onnx-builder';
import { seeded, size } from '../../../packages/onnx/test/helpers/run-op';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { writePictures } from './helpers/tiny-classifier';

const CPU = ['--backend', 'cpu', '-q'];

const weight = (name: string, dims: number[], seed: number): TensorSpec => ({
  name,
  dims,
  data: seeded(size(dims), seed).map((v) => v * 0.4),
});

/** x [1,3,8,8] -> Conv a -> Relu -> Conv b -> GlobalAveragePool -> Flatten logits [1,4] -> Sigmoid probs; both outputs. */
function logitAndSigmoidNet(): Uint8Array {
  const pads = { pads: { ints: [1, 1, 1, 1] } };
  return encodeModel({
    inputs: [{ name: 'x', shape: [1, 3, 8, 8] }],
    outputs: [{ name: 'probs' }, { name: 'logits' }],
    initializers: [weight('w1', [5, 3, 3, 3], 61), weight('w2', [4, 5, 3, 3], 62)],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w1'], outputs: ['a'], attrs: pads },
      { op: 'Relu', inputs: ['a'], outputs: ['ra'] },
      { op: 'Conv', inputs: ['ra', 'w2'], outputs: ['b'], attrs: pads },
      { op: 'GlobalAveragePool', inputs: ['b'], outputs: ['gb'] },
      { op: 'Flatten', inputs: ['gb'], outputs: ['logits'] },
      { op: 'Sigmoid', inputs: ['logits'], outputs: ['probs'] },
    ],
  });
}

describe('--output picks the scored output of a model with several (built bin)', () => {
  let model: string;
  let image: string;
  beforeAll(async () => {
    assertBuilt();
    const root = freshDir();
    model = join(root, 'two-heads.onnx');
    writeFileSync(model, logitAndSigmoidNet());
    [image] = await writePictures(join(root, 'images'), 1, 3);
  });

  const explain = (output: string) => {
    const out = join(freshDir(), 'out');
    const args = ['explain', '--model', model, '-i', image, '--preset', 'unit', '--class', '2'];
    const run = runCli([...args, '--output', output, '-o', out, '-f', 'json', ...CPU]);
    return { run, out };
  };
  const score = (out: string): number =>
    JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).images[0].maps[0].score;

  it('scores the logit when asked, and the sigmoid of the same logit is the other output', () => {
    const logit = explain('logits');
    expect(logit.run.status, logit.run.stderr).toBe(0);
    const prob = explain('probs');
    expect(prob.run.status, prob.run.stderr).toBe(0);
    const z = score(logit.out);
    expect(score(prob.out)).toBeCloseTo(1 / (1 + Math.exp(-z)), 5);
    expect(Math.abs(z - score(prob.out))).toBeGreaterThan(1e-3);
  });

  it('an unknown name lists the outputs, in explain, layers and check', () => {
    const { run } = explain('nope');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no tensor 'nope' to explain; the model's outputs: 'probs', 'logits'/);
    const layers = runCli(['layers', '--model', model, '--output', 'nope', ...CPU]);
    expect(layers.stderr).toMatch(/'nope'.*'?probs'?, '?logits/);
    const check = runCli(['check', '--model', model, '--output', 'nope', ...CPU]);
    expect(check.stderr).toMatch(/'nope'.*'?probs'?, '?logits/);
  });

  it('without --output, a model with two says which it has and what to pass', () => {
    const out = join(freshDir(), 'out');
    const run = runCli(['explain', '--model', model, '-i', image, '--preset', 'unit', '-o', out, ...CPU]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/2 outputs \('probs', 'logits'\): .*--output <name>/);
  });

  it('is refused with the bundled classifier, which has one output', () => {
    const run = runCli(['explain', '--output', 'logits', '-o', join(freshDir(), 'out'), ...CPU]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--output picks an output of your --model/);
  });

  it('layers and check accept it', () => {
    const layers = runCli(['layers', '--model', model, '--output', 'logits', ...CPU]);
    expect(layers.status, layers.stderr).toBe(0);
    expect(layers.stdout).toMatch(/yes \(default\)/);
    const check = runCli(['check', '--model', model, '--output', 'logits', ...CPU]);
    expect(check.status, check.stderr).toBe(0);
  });
});
