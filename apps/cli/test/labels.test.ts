// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { encodeModel as encodeOnnx, parseOnnx, readOnnxMetadata } from '@gradcam/onnx';
import { fileSystemSaver } from '@gradcam/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { residualNet } from '../../../packages/onnx/test/helpers/test-nets';
import { labelFileParts, readLabels } from '../src/explain/labels-file';
import { labelsFromMetadata, nameList } from '../src/explain/metadata-labels';
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

describe('class names in an ONNX model (metadata_props)', () => {
  it('reads the forms exporters write: JSON, Python repr, lines, commas; passes over what is no list', () => {
    expect(nameList('["cat", "dog"]')).toEqual(['cat', 'dog']);
    expect(nameList('{"0": "cat", "1": "dog"}')).toEqual(['cat', 'dog']);
    expect(nameList("{0: 'person', 1: \"it's\", 2: 'a\\'b'}")).toEqual(['person', "it's", "a'b"]);
    expect(nameList("['cat', 'dog']")).toEqual(['cat', 'dog']);
    expect(nameList('tench, Tinca tinca\ngoldfish\n')).toEqual(['tench, Tinca tinca', 'goldfish']);
    expect(nameList('cat, dog,bird')).toEqual(['cat', 'dog', 'bird']);
    for (const notAList of ['cat', '', '[1, 2]', "{0: 'a', 2: 'b'}", "['a', 3]", 'a,,b']) {
      expect(nameList(notAList)).toBeUndefined();
    }
    expect(labelsFromMetadata({ author: 'me, you', Names: 'a,b', labels: 'one' })).toEqual({
      names: ['a', 'b'],
      key: 'Names',
    });
    expect(labelsFromMetadata({ licence: 'MIT', description: 'a, b' })).toBeUndefined();
  });

  let model: string;
  let image: string;
  let classes: number;
  const withMetadata = (props: Record<string, string>): string => {
    const path = join(freshDir(), 'classifier.onnx');
    writeFileSync(path, encodeOnnx({ ...parseOnnx(residualNet()), metadataProps: props }));
    return path;
  };
  beforeAll(async () => {
    assertBuilt();
    const parsed = parseOnnx(residualNet());
    classes = Number(parsed.graph.outputs[0].shape?.at(-1));
    expect(classes).toBeGreaterThan(1);
    [image] = await writePictures(join(freshDir(), 'images'), 1, 5);
  });

  it('are read back as written by our encoder, without decoding the graph', () => {
    model = withMetadata({ producer: 'test', names: 'x,y' });
    expect(readOnnxMetadata(readFileSync(model))).toEqual({ producer: 'test', names: 'x,y' });
    expect(parseOnnx(readFileSync(model)).metadataProps).toEqual({ producer: 'test', names: 'x,y' });
  });

  it('name the classes in the JSON and on the page, said on stderr; --labels overrides them', () => {
    const names = Array.from({ length: classes }, (_, i) => `kind ${i}`);
    const dict = `{${names.map((n, i) => `${i}: '${n}'`).join(', ')}}`;
    model = withMetadata({ author: 'someone', names: dict });
    const args = ['explain', '--model', model, '-i', image, '--preset', 'unit', '--top', String(classes)];
    const out = join(freshDir(), 'out');
    const run = runCli([...args, '-o', out, '-f', 'json,html']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`class names from the metadata of ${model} (key 'names')`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.images[0].maps).toHaveLength(classes);
    for (const map of summary.images[0].maps) expect(map.label).toBe(names[map.class]);
    const page = readFileSync(join(out, summary.images[0].report), 'utf8');
    for (const name of names) expect(page).toContain(name);

    const mine = names.map((_, i) => `mine-${i}`);
    const out2 = join(freshDir(), 'out');
    const own = runCli([...args, '--labels', fileWith(mine.join('\n')), '-o', out2, '-f', 'json']);
    expect(own.status, own.stderr).toBe(0);
    expect(own.stderr).not.toContain('class names from');
    const summary2 = JSON.parse(readFileSync(join(out2, 'summary.json'), 'utf8'));
    for (const map of summary2.images[0].maps) expect(map.label).toBe(mine[map.class]);
  });

  it('a list of the wrong length is refused, naming the key and --labels; metadata without names leaves indices', () => {
    const tooMany = Array.from({ length: classes + 1 }, (_, i) => `c${i}`);
    const wrong = withMetadata({ classes: JSON.stringify(tooMany) });
    const run = runCli([
      'explain',
      '--model',
      wrong,
      '-i',
      image,
      '-o',
      join(freshDir(), 'o'),
      '--class',
      '0',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `the metadata of ${wrong} (key 'classes') names ${classes + 1} classes but the model scores ${classes}`,
    );
    expect(run.stderr).toContain('with --labels <file>');
    const plain = withMetadata({ description: 'a tiny net, for tests' });
    const out = join(freshDir(), 'out');
    const ok = runCli(['explain', '--model', plain, '-i', image, '--class', '1', '-o', out, '-f', 'json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).not.toContain('class names from');
    expect(
      JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).images[0].maps[0].label,
    ).toBeUndefined();
  });
});
