// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { tinyClassifier } from './helpers/tiny-classifier';

const CPU = ['--backend', 'cpu', '-q'];

/** The tiny classifier saved as `<dir>/<name>` beside a Teachable-Machine-like metadata.json. */
async function savedAs(name: string): Promise<string> {
  const dir = join(freshDir(), 'model');
  const model = tinyClassifier();
  await model.save(fileSystemSaver(dir));
  model.dispose();
  renameSync(join(dir, 'model.json'), join(dir, name));
  // Metadata is JSON too, but not a model: it must not count as a second one.
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ labels: ['a', 'b', 'c', 'd'] }));
  return dir;
}

describe('--model <folder> whose model file is not model.json (built bin)', () => {
  beforeAll(async () => {
    assertBuilt();
    await selectBackend('cpu');
  });

  it('opens the one model JSON the folder holds', async () => {
    const dir = await savedAs('my-net.json');
    const run = runCli(['layers', '--model', dir, ...CPU]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('conv2');
  });

  it('two model JSONs: names both and says to pass one', async () => {
    const dir = await savedAs('a.json');
    copyFileSync(join(dir, 'a.json'), join(dir, 'b.json'));
    const run = runCli(['layers', '--model', dir, ...CPU]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/holds 2 TF\.js model JSON files \(a\.json, b\.json\): pass the one/);
    expect(run.stderr).toContain(`--model ${join(dir, 'a.json')}`);
  });

  it('no model JSON: names the JSON files found and what a model file holds', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'metadata.json'), '{"labels": []}');
    const run = runCli(['layers', '--model', dir, ...CPU]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /no TF\.js model in .*: its JSON files \(metadata\.json\) have no modelTopology/,
    );
    const empty = runCli(['layers', '--model', freshDir(), ...CPU]);
    expect(empty.stderr).toMatch(/no TF\.js model in .*: it has no JSON file/);
  });
});
