import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { residualNet } from '../../../packages/onnx/test/helpers/test-nets';
import { assertBuilt, freshDir, lines, runCli } from './helpers/run-cli';
import { writePictures } from './helpers/tiny-classifier';

describe('explain --model x.onnx says which preset it used when none was given', () => {
  let onnxFile: string;
  let image: string;
  beforeAll(async () => {
    assertBuilt();
    const root = freshDir();
    onnxFile = join(root, 'residual.onnx');
    writeFileSync(onnxFile, residualNet());
    [image] = await writePictures(join(root, 'images'), 1, 5);
  });

  function explain(extra: string[]) {
    return runCli(['explain', '--model', onnxFile, '-i', image, '-f', 'json', '--backend', 'cpu', ...extra]);
  }

  it('without --preset: one note naming unit and how to choose imagenet, then the maps', () => {
    const run = explain([]);
    expect(run.status, run.stderr).toBe(0);
    const notes = lines(run.stderr).filter((l) => l.startsWith('gradcam: note: no --preset'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/--preset unit/);
    expect(notes[0]).toMatch(/--preset imagenet/);
    expect(run.stdout).toMatch(/preset unit/);
  });

  it('with --preset: no note', () => {
    const run = explain(['--preset', 'imagenet']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/no --preset/);
  });
});
