import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { writeImage } from '@gradcam/render';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeModel } from '../../../packages/onnx/test/helpers/onnx-builder';
import { seeded } from '../../../packages/onnx/test/helpers/seeded';
import { channelValues, inputSize, stdValues } from '../src/model/preprocessing';
import { assertBuilt, freshDir, runCli } from './helpers/run-cli';
import { tinyClassifier, writePictures, writeTinyGraphModel } from './helpers/tiny-classifier';

const CPU = ['--backend', 'cpu', '-q'];
const SIDE = 8;
const CLASSES = 2;

/** x [1,c,8,8] -> Conv (3x3, pad 1, no bias) -> Relu -> GlobalAveragePool -> Flatten: scores [1,2]. */
function convNet(channels: number, weights: number[], shape: (number | string)[]): Uint8Array {
  return encodeModel({
    inputs: [{ name: 'x', shape }],
    outputs: [{ name: 'scores' }],
    initializers: [{ name: 'w', dims: [CLASSES, channels, 3, 3], data: weights }],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: 'Relu', inputs: ['c'], outputs: ['r'] },
      { op: 'GlobalAveragePool', inputs: ['r'], outputs: ['g'] },
      { op: 'Flatten', inputs: ['g'], outputs: ['scores'] },
    ],
  });
}

/** The same network as tf2onnx writes a Keras model: a channels-last input transposed inside the graph. */
function channelsLastNet(channels: number, weights: number[]): Uint8Array {
  return encodeModel({
    inputs: [{ name: 'x', shape: [1, SIDE, SIDE, channels] }],
    outputs: [{ name: 'scores' }],
    initializers: [{ name: 'w', dims: [CLASSES, channels, 3, 3], data: weights }],
    nodes: [
      { op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: { perm: { ints: [0, 3, 1, 2] } } },
      { op: 'Conv', inputs: ['t', 'w'], outputs: ['c'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: 'Relu', inputs: ['c'], outputs: ['r'] },
      { op: 'GlobalAveragePool', inputs: ['r'], outputs: ['g'] },
      { op: 'Flatten', inputs: ['g'], outputs: ['scores'] },
    ],
  });
}

/** The same network in float64, by hand: input planes [c][y][x] -> one score per class. */
function scoresByHand(planes: number[][][], weights: number[], side: number): number[] {
  const channels = planes.length;
  return Array.from({ length: CLASSES }, (_, o) => {
    let total = 0;
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) {
        let sum = 0;
        for (let c = 0; c < channels; c++)
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const [iy, ix] = [y + ky - 1, x + kx - 1];
              if (iy < 0 || ix < 0 || iy >= side || ix >= side) continue;
              sum += weights[((o * channels + c) * 3 + ky) * 3 + kx] * planes[c][iy][ix];
            }
        total += Math.max(sum, 0);
      }
    return total / (side * side);
  });
}

/** Pixels of an RGB image as planes of one channel each, `value(r, g, b)` per pixel. */
function planesOf(data: Uint8Array, side: number, values: ((rgb: number[]) => number)[]): number[][][] {
  return values.map((value) =>
    Array.from({ length: side }, (_, y) =>
      Array.from({ length: side }, (_, x) =>
        value(Array.from(data.subarray((y * side + x) * 3, (y * side + x) * 3 + 3))),
      ),
    ),
  );
}

function scoresOf(out: string): number[] {
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const scores: number[] = [];
  for (const map of summary.images[0].maps) scores[map.class] = map.score;
  return scores;
}

function expectClose(actual: number[], expected: number[]): void {
  // By class: the explained classes may be any of the model's.
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const i of Object.keys(expected).map(Number)) {
    expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-4 * (1 + Math.abs(expected[i])));
  }
}

describe("a model's own preprocessing: --channels, --size, --mean, --std, --channel-order (built bin)", () => {
  const grayWeights = seeded(CLASSES * 9, 71).map((v) => v * 0.5);
  const rgbWeights = seeded(CLASSES * 27, 72).map((v) => v * 0.5);
  let root: string;
  let grayPixels: Uint8Array;
  let colourPixels: Uint8Array;
  const model = (name: string, bytes: Uint8Array) => {
    const path = join(root, name);
    writeFileSync(path, bytes);
    return path;
  };
  const explain = (args: string[]) => {
    const out = join(freshDir(), 'out');
    const run = runCli(['explain', ...args, '--top', String(CLASSES), '-o', out, '-f', 'json', ...CPU]);
    return { run, out };
  };

  beforeAll(async () => {
    assertBuilt();
    root = freshDir();
    grayPixels = new Uint8Array(SIDE * SIDE * 3);
    colourPixels = new Uint8Array(SIDE * SIDE * 3);
    for (let p = 0; p < SIDE * SIDE; p++) {
      grayPixels.fill((p * 37 + 11) % 256, p * 3, p * 3 + 3);
      for (let c = 0; c < 3; c++) colourPixels[p * 3 + c] = (p * 53 + c * 91 + 7) % 256;
    }
    await writeImage(join(root, 'gray.png'), { data: grayPixels, width: SIDE, height: SIDE, channels: 3 });
    await writeImage(join(root, 'colour.png'), {
      data: colourPixels,
      width: SIDE,
      height: SIDE,
      channels: 3,
    });
    await writeImage(join(root, 'flat.png'), {
      data: new Uint8Array(16 * 16 * 3).fill(200),
      width: 16,
      height: 16,
      channels: 3,
    });
  });

  it('a channels-first 1-channel ONNX model [1,1,8,8] gets the luma, scored as by hand', () => {
    const file = model('gray-nchw.onnx', convNet(1, grayWeights, [1, 1, SIDE, SIDE]));
    const { run, out } = explain(['--model', file, '-i', join(root, 'gray.png'), '--preset', 'unit']);
    expect(run.status, run.stderr).toBe(0);
    const expected = scoresByHand(planesOf(grayPixels, SIDE, [(rgb) => rgb[0] / 255]), grayWeights, SIDE);
    expectClose(scoresOf(out), expected);
  });

  it('a channels-last ONNX model [1,8,8,3] (tf2onnx) takes the image as it is, scored as by hand', () => {
    const file = model('rgb-nhwc.onnx', channelsLastNet(3, rgbWeights));
    const { run, out } = explain(['--model', file, '-i', join(root, 'colour.png'), '--preset', 'unit']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('input 8x8');
    const rgb = [0, 1, 2].map((c) => (pixel: number[]) => pixel[c] / 255);
    expectClose(scoresOf(out), scoresByHand(planesOf(colourPixels, SIDE, rgb), rgbWeights, SIDE));
  });

  it('--channels 1 and --size for a model that declares neither; without them it is refused, naming both', () => {
    const file = model('open.onnx', convNet(1, grayWeights, ['N', 'C', 'H', 'W']));
    const flat = join(root, 'flat.png');
    const { run, out } = explain([
      '--model',
      file,
      '-i',
      flat,
      '--channels',
      '1',
      '--size',
      '8',
      '--preset',
      'unit',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('input 8x8');
    // A flat image stays flat when resized, whatever the filter: the model sees 8x8 of 200/255.
    const planes = [Array.from({ length: SIDE }, () => new Array(SIDE).fill(200 / 255))];
    expectClose(scoresOf(out), scoresByHand(planes, grayWeights, SIDE));

    const bare = explain(['--model', file, '-i', flat, '--preset', 'unit']);
    expect(bare.run.status).toBe(1);
    expect(bare.run.stderr).toContain(
      "the model's input 'x' is [N, C, H, W] (NCHW) with open dimensions: give --channels 1|3 and --size <n|HxW>",
    );
    const half = explain(['--model', file, '-i', flat, '--channels', '1']);
    expect(half.run.stderr).toMatch(/open dimensions: give --size <n\|HxW> for/);
  });

  it('--mean, --std and --channel-order bgr replace the preset: (pixel/255 - mean) / std in BGR order, as by hand', () => {
    const file = model('rgb.onnx', convNet(3, rgbWeights, [1, 3, SIDE, SIDE]));
    const mean = [0.2, 0.4, 0.6];
    const std = [0.5, 0.25, 0.125];
    const args = [
      '--model',
      file,
      '-i',
      join(root, 'colour.png'),
      '--mean',
      mean.join(','),
      '--std',
      std.join(','),
    ];
    const { run, out } = explain([...args, '--channel-order', 'bgr']);
    expect(run.status, run.stderr).toBe(0);
    // Model channel c takes image channel 2 - c, normalised with the model channel's own mean and std.
    const bgr = [0, 1, 2].map((c) => (rgb: number[]) => (rgb[2 - c] / 255 - mean[c]) / std[c]);
    const expected = scoresByHand(planesOf(colourPixels, SIDE, bgr), rgbWeights, SIDE);
    expectClose(scoresOf(out), expected);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.preset).toBe('(pixel/255 - mean 0.2,0.4,0.6) / std 0.5,0.25,0.125, BGR');
    expect(run.stderr).not.toContain('no --preset given');

    // The order is not a no-op on this image: RGB gives other scores.
    const rgbOrder = [0, 1, 2].map((c) => (rgb: number[]) => (rgb[c] / 255 - mean[c]) / std[c]);
    const other = scoresByHand(planesOf(colourPixels, SIDE, rgbOrder), rgbWeights, SIDE);
    expect(Math.max(...other.map((v, i) => Math.abs(v - expected[i])))).toBeGreaterThan(1e-2);
  });

  it('a GraphModel that leaves its input open runs with --channels and --size, as the declared one does', async () => {
    await selectBackend('cpu');
    const net = tinyClassifier();
    const conv = net.layers.find((l) => l.getClassName() === 'Conv2D')!.getWeights();
    writeTinyGraphModel(join(root, 'graph-declared'), conv);
    writeTinyGraphModel(join(root, 'graph-open'), conv, [-1, -1, -1, -1]);
    net.dispose();
    const [picture] = await writePictures(join(root, 'pictures'), 1, 17);
    const declared = explain(['--model', join(root, 'graph-declared'), '-i', picture]);
    expect(declared.run.status, declared.run.stderr).toBe(0);
    const open = explain([
      '--model',
      join(root, 'graph-open'),
      '-i',
      picture,
      '--channels',
      '3',
      '--size',
      '32',
    ]);
    expect(open.run.status, open.run.stderr).toBe(0);
    expectClose(scoresOf(open.out), scoresOf(declared.out));
    const bare = explain(['--model', join(root, 'graph-open'), '-i', picture]);
    expect(bare.run.stderr).toContain(
      "the model's input 'image' is [?, ?, ?, ?] (NHWC) with open dimensions: give --channels 1|3 and --size <n|HxW>",
    );
  });

  it('layers and check take --channels and --size too; a model with two inputs is refused in CLI words', () => {
    const file = model('open-for-layers.onnx', convNet(1, grayWeights, ['N', 'C', 'H', 'W']));
    for (const cmd of ['layers', 'check']) {
      const bare = runCli([cmd, '--model', file, ...CPU]);
      expect(bare.status).toBe(1);
      expect(bare.stderr).toMatch(/open dimensions: give --channels 1\|3 and --size <n\|HxW> for the images/);
      expect(bare.stderr).not.toMatch(/inputShape/);
    }
    const listed = runCli(['layers', '--model', file, '--channels', '1', '--size', '8x8', '--json', ...CPU]);
    expect(listed.status, listed.stderr).toBe(0);
    const rows = JSON.parse(listed.stdout) as { name: string; shape: number[]; isDefault: boolean }[];
    expect(rows.find((r) => r.isDefault)).toMatchObject({ name: 'r', shape: [1, CLASSES, SIDE, SIDE] });
    const checked = runCli(['check', '--model', file, '--channels', '1', '--size', '8', ...CPU]);
    expect(checked.status, checked.stderr).toBe(0);

    const twoInputs = model(
      'two-inputs.onnx',
      encodeModel({
        inputs: [
          { name: 'image', shape: [1, 1, SIDE, SIDE] },
          { name: 'mask', shape: [1, 1, SIDE, SIDE] },
        ],
        outputs: [{ name: 'scores' }],
        initializers: [{ name: 'w', dims: [CLASSES, 1, 3, 3], data: grayWeights }],
        nodes: [
          { op: 'Mul', inputs: ['image', 'mask'], outputs: ['m'] },
          { op: 'Conv', inputs: ['m', 'w'], outputs: ['c'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
          { op: 'GlobalAveragePool', inputs: ['c'], outputs: ['g'] },
          { op: 'Flatten', inputs: ['g'], outputs: ['scores'] },
        ],
      }),
    );
    for (const args of [['layers'], ['explain', '-i', join(root, 'gray.png'), '-o', join(freshDir(), 'o')]]) {
      const run = runCli([args[0], '--model', twoInputs, ...args.slice(1), ...CPU]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('the model takes 2 inputs (image, mask); gradcam feeds it one image');
      expect(run.stderr).not.toMatch(/inputName/);
    }
  });

  it('parses sizes and channel values, refusing malformed ones', () => {
    expect(inputSize('224')).toEqual([224, 224]);
    expect(inputSize(' 48 x 64 ')).toEqual([48, 64]);
    for (const bad of ['8x', '0', 'x8', '-3', '8x8x8', '9000'])
      expect(() => inputSize(bad)).toThrow(/Expected a size/);
    expect(channelValues('0.485,0.456,0.406')).toEqual([0.485, 0.456, 0.406]);
    expect(channelValues('0.5')).toEqual([0.5]);
    for (const bad of ['0.1,0.2', '', 'a', '1,,2'])
      expect(() => channelValues(bad)).toThrow(/Expected one number/);
    expect(() => stdValues('0.5,0,1')).toThrow(/above 0/);
  });

  it('refuses what contradicts the model or the other options, before any image', () => {
    const file = model('gray-declared.onnx', convNet(1, grayWeights, [1, 1, SIDE, SIDE]));
    const image = join(root, 'gray.png');
    const cases: [string[], RegExp][] = [
      [['--channels', '3'], /--channels 3: the model's input 'x' declares 1 channels; leave --channels out/],
      [
        ['--size', '16'],
        /--size 16x16: the model's input 'x' declares 8x8 \(height x width\); leave --size out/,
      ],
      [
        ['--mean', '0.1,0.2,0.3'],
        /the model takes 1-channel \(grayscale\) images; give one value, not three/,
      ],
      [
        ['--mean', '0.5', '--preset', 'imagenet'],
        /option '--mean <values>' cannot be used with option '--preset/,
      ],
    ];
    for (const [extra, message] of cases) {
      const { run, out } = explain(['--model', file, '-i', image, ...extra]);
      expect(run.status, extra.join(' ')).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).not.toContain('method:');
      expect(() => readFileSync(join(out, 'summary.json'))).toThrow();
    }
    const bundled = runCli(['explain', '--channels', '1', '-o', join(freshDir(), 'o'), ...CPU]);
    expect(bundled.status).toBe(1);
    expect(bundled.stderr).toMatch(
      /describe your --model; the bundled ShapeWorld classifier takes 64x64 RGB/,
    );
  });
});
