import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { committedClassifierDir } from '@gradcam/shapeworld';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, freshDir, lines, runCli } from './helpers/run-cli';

const CPU = ['--backend', 'cpu', '-q'];

describe('a model of the wrong kind is named as such, in CLI terms (built bin)', () => {
  beforeAll(() => assertBuilt());

  it('a file that is not an ONNX model says so, not "unsupported wire type"', () => {
    const dir = freshDir();
    const fake = join(dir, 'fake.onnx');
    // A protobuf key of wire type 6 (field 1): what a PNG header or random bytes often start with.
    writeFileSync(fake, Uint8Array.from([0x0e, 0x01, 0x02, 0x03, 0x04, 0x05]));
    const run = runCli(['layers', '--model', fake, ...CPU]);
    expect(run.status).toBe(1);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^gradcam: .*fake\.onnx is not an ONNX model: .*give a \.onnx file/),
    ]);
  });

  it('vqa --model <an ONNX file> and caption --model <a TF.js classifier> say what each command takes', () => {
    const dir = freshDir();
    const image = join(dir, 'x.png');
    writeFileSync(image, 'unused: the model is refused first');
    const onnx = join(dir, 'net.onnx');
    writeFileSync(onnx, 'x');
    const vqa = runCli([
      'vqa',
      '--model',
      onnx,
      '-i',
      image,
      '--question',
      'what?',
      '-o',
      join(dir, 'a'),
      ...CPU,
    ]);
    expect(vqa.status).toBe(1);
    expect(vqa.stdout).toBe('');
    expect(lines(vqa.stderr)).toEqual([
      `gradcam: gradcam vqa --model takes a VQA model folder (vqa.json, vqa-weights.bin, encoder/); ${onnx} is an ONNX model (gradcam explain takes it)`,
    ]);
    const classifier = committedClassifierDir();
    const caption = runCli(['caption', '--model', classifier, '-i', image, '-o', join(dir, 'b'), ...CPU]);
    expect(caption.status).toBe(1);
    expect(caption.stdout).toBe('');
    expect(lines(caption.stderr)).toEqual([
      expect.stringMatching(
        /^gradcam: gradcam caption --model takes a captioner folder .* is a TF\.js model\.json, as image classifiers are saved \(gradcam explain takes it\)$/,
      ),
    ]);
  });
});
