// tfjs-core's main module first: the test builder and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopedNetBuilder } from '../../../packages/tfjs/test/helpers/graph-scoped-net';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { writePictures } from './helpers/tiny-classifier';

const CPU = ['--backend', 'cpu', '-q'];

describe('a converted GraphModel with scoped names, in a folder without model.json (built bin)', () => {
  let dir: string;
  let image: string;
  beforeAll(async () => {
    assertBuilt();
    await selectBackend('cpu');
    const root = freshDir();
    dir = join(root, 'net');
    mkdirSync(dir);
    const { modelJson, weights } = scopedNetBuilder().toFiles();
    writeFileSync(join(dir, 'exported.json'), JSON.stringify(modelJson));
    writeFileSync(join(dir, 'group1-shard1of1.bin'), Buffer.from(weights));
    [image] = await writePictures(join(root, 'images'), 1, 4);
  });

  const explain = (extra: string[]) => {
    const out = join(freshDir(), 'out');
    const args = ['explain', '--model', dir, '-i', image, '--class', '1', '-o', out, '-f', 'json'];
    const run = runCli([...args, ...extra, ...CPU]);
    return { run, out };
  };
  const summary = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));

  it('--layer by the end of a node name explains that node', () => {
    const { run, out } = explain(['--layer', 'block1/conv/Relu']);
    expect(run.status, run.stderr).toBe(0);
    expect(summary(out).layers.map((l: { name: string }) => l.name)).toEqual(['model/block1/conv/Relu']);
  });

  it('an ambiguous end lists the nodes it could be', () => {
    const { run } = explain(['--layer', 'conv/Relu']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('model/block1/conv/Relu, model/block2/conv/Relu');
  });

  it('--output scores the logit inside the graph; the model output is its sigmoid', () => {
    const logit = explain(['--output', 'model/logits']);
    expect(logit.run.status, logit.run.stderr).toBe(0);
    const prob = explain([]);
    expect(prob.run.status, prob.run.stderr).toBe(0);
    const z = summary(logit.out).images[0].maps[0].score;
    expect(summary(prob.out).images[0].maps[0].score).toBeCloseTo(1 / (1 + Math.exp(-z)), 5);
  });
});
