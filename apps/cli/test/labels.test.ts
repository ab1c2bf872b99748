// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { residualNet } from '../../../packages/onnx/test/helpers/test-nets';
import { labelFileParts, readLabels } from '../src/explain/labels-file';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { tinyClassifier, writePictures } from './helpers/tiny-classifier';

function fileWith(text: string, name = 'labels.txt'): string {
  const path = join(freshDir(), name);
  writeFileSync(path, text);
  return path;
}

describe('--labels files', () => {
  it('one name per line: line i names class i, blank lines inside count, trailing ones do not', async () => {
    expect(await readLabels(fileWith('\uFEFFtench\r\n\ngoldfish\n\n\n'))).toEqual(['tench', '', 'goldfish']);
  });

  it('JSON: an array, an index object, or imagenet_class_index.json [id, name] pairs', async () => {
    expect(await readLabels(fileWith('["cat", "dog"]'))).toEqual(['cat', 'dog']);
    expect(await readLabels(fileWith('{"1": "dog", "0": "cat"}'))).toEqual(['cat', 'dog']);
    expect(
      await readLabels(fileWith('{"0": ["n01440764", "tench"], "1": ["n01443537", "goldfish"]}')),
    ).toEqual(['tench', 'goldfish']);
  });

  it('refuses a JSON file with a gap, a non-name or bad syntax, naming what is wrong', async () => {
    await expect(readLabels(fileWith('{"0": "cat", "2": "dog"}'))).rejects.toThrow(/no name for class 1/);
    await expect(readLabels(fileWith('[1, 2]'))).rejects.toThrow(
      /entry "0" is not a class index with a name/,
    );
    await expect(readLabels(fileWith('{"0": "cat",'))).rejects.toThrow(/not valid JSON/);
    await expect(readLabels(join(freshDir(), 'none.txt'))).rejects.toThrow(/cannot read .*none\.txt/);
  });
});

describe('class names in file names', () => {
  it('keeps names whole where the filesystem allows, and tells repeated names apart by class index', () => {
    expect(labelFileParts(['crane', 'AC/DC', 'chat été', 'crane', ''])).toEqual([
      'crane-0',
      'AC_DC',
      'chat été',
      'crane-3',
      '_',
    ]);
  });
});

describe('explain --labels: class names in the JSON and on the page', () => {
  let onnxFile: string;
  let image: string;
  let classes: number;
  beforeAll(async () => {
    assertBuilt();
    const root = freshDir();
    onnxFile = join(root, 'residual.onnx');
    writeFileSync(onnxFile, residualNet());
    [image] = await writePictures(join(root, 'images'), 1, 5);
    const probe = runCli(['explain', '--model', onnxFile, '-i', image, '--preset', 'unit', '-f', 'json']);
    classes = Number(probe.stdout.match(/\((\d+) classes\)/)?.[1]);
    expect(classes).toBeGreaterThan(1);
  });

  function explain(labels: string, out: string) {
    const args = ['explain', '--model', onnxFile, '-i', image, '--preset', 'unit', '--top', String(classes)];
    return runCli([...args, '--labels', labels, '-o', out, '-f', 'json,html,png']);
  }

  it('names every explained class with its line of the file', () => {
    // A slash and a repeated name: neither may lose a map.
    const names = Array.from({ length: classes }, (_, i) =>
      i < 2 ? 'same/name' : `kind-${String.fromCharCode(97 + i)}`,
    );
    const out = join(freshDir(), 'out');
    const run = explain(fileWith(`${names.join('\n')}\n`), out);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const maps = summary.images[0].maps as { class: number; label: string; files: string[] }[];
    expect(maps).toHaveLength(classes);
    for (const map of maps) {
      expect(map.label).toBe(names[map.class]);
      expect(map.files).toContain(`${summary.images[0].name}-${labelFileParts(names)[map.class]}.png`);
      expect(existsSync(join(out, map.files[0]))).toBe(true);
    }
    const page = readFileSync(join(out, summary.images[0].report), 'utf8');
    for (const name of names) expect(page).toContain(name);
  });

  it('refuses names that do not match the model classes, before any image', () => {
    const out = join(freshDir(), 'out');
    const run = explain(fileWith('only-one\n'), out);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(new RegExp(`--labels names 1 classes but the model scores ${classes}`));
  });

  it('refuses --labels with the bundled classifier, which names its own classes', () => {
    const run = runCli(['explain', '--labels', fileWith('a\n'), '-o', 'x']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/--labels names the classes of your --model/);
  });
});

describe('class names shipped beside a TF.js model (metadata.json, as Teachable Machine exports)', () => {
  let modelDir: string;
  let image: string;
  beforeAll(async () => {
    await selectBackend('cpu');
    const root = freshDir();
    modelDir = join(root, 'model');
    const model = tinyClassifier();
    await model.save(fileSystemSaver(modelDir));
    model.dispose();
    [image] = await writePictures(join(root, 'images'), 1, 7);
  });

  it('are used and said, and --labels overrides them', () => {
    const shipped = ['cup', 'mug', 'glass', 'bowl'];
    writeFileSync(join(modelDir, 'metadata.json'), JSON.stringify({ tfjsVersion: '1.3.1', labels: shipped }));
    const out = join(freshDir(), 'out');
    const run = runCli(['explain', '--model', modelDir, '-i', image, '--top', '4', '-o', out, '-f', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`class names from ${join(modelDir, 'metadata.json')}`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const map of summary.images[0].maps) expect(map.label).toBe(shipped[map.class]);

    const mine = ['a', 'b', 'c', 'd'];
    const out2 = join(freshDir(), 'out');
    const args = [
      'explain',
      '--model',
      join(modelDir, 'model.json'),
      '-i',
      image,
      '--top',
      '4',
      '-f',
      'json',
    ];
    const own = runCli([...args, '--labels', fileWith(mine.join('\n')), '-o', out2]);
    expect(own.status, own.stderr).toBe(0);
    expect(own.stderr).not.toContain('class names from');
    const summary2 = JSON.parse(readFileSync(join(out2, 'summary.json'), 'utf8'));
    for (const map of summary2.images[0].maps) expect(map.label).toBe(mine[map.class]);
  });
});
