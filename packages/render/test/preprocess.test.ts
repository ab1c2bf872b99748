import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS, preprocess, type RgbImage, resizeImage, toTensor } from '../src/index';

// 2x2 RGB, pixel p (row-major) = (10p+1, 10p+2, 10p+3): every value says where it came from.
const image: RgbImage = {
  data: Uint8Array.from([1, 2, 3, 11, 12, 13, 21, 22, 23, 31, 32, 33]),
  width: 2,
  height: 2,
  channels: 3,
};
const raw = { scale: 1 };

describe('preprocess layout and channel order', () => {
  it('NHWC keeps pixels interleaved, shape [1, h, w, 3]', () => {
    const { data, shape } = preprocess(image, raw);
    expect(shape).toEqual([1, 2, 2, 3]);
    expect(Array.from(data)).toEqual([1, 2, 3, 11, 12, 13, 21, 22, 23, 31, 32, 33]);
  });

  it('NCHW puts each channel plane together, shape [1, 3, h, w]', () => {
    const { data, shape } = preprocess(image, { ...raw, layout: 'NCHW' });
    expect(shape).toEqual([1, 3, 2, 2]);
    expect(Array.from(data)).toEqual([1, 11, 21, 31, 2, 12, 22, 32, 3, 13, 23, 33]);
  });

  it('BGR swaps the first and last channel in both layouts', () => {
    expect(Array.from(preprocess(image, { ...raw, channelOrder: 'BGR' }).data)).toEqual([
      3, 2, 1, 13, 12, 11, 23, 22, 21, 33, 32, 31,
    ]);
    expect(Array.from(preprocess(image, { ...raw, channelOrder: 'BGR', layout: 'NCHW' }).data)).toEqual([
      3, 13, 23, 33, 2, 12, 22, 32, 1, 11, 21, 31,
    ]);
  });

  it('ignores an alpha channel', () => {
    const rgba: RgbImage = { data: new Uint8Array(16), width: 2, height: 2, channels: 4 };
    for (let p = 0; p < 4; p++) rgba.data.set([...image.data.subarray(3 * p, 3 * p + 3), 255], 4 * p);
    expect(preprocess(rgba, raw)).toEqual(preprocess(image, raw));
  });
});

describe('preprocess normalisation', () => {
  const pixel: RgbImage = { data: Uint8Array.from([255, 0, 128]), width: 1, height: 1, channels: 3 };

  it('defaults to [0,1]', () => {
    expect(Array.from(preprocess(pixel).data)).toEqual([1, 0, Math.fround(128 / 255)]);
    expect(preprocess(pixel, PRESETS.unit)).toEqual(preprocess(pixel));
  });

  it('imagenet: (x/255 - mean) / std per RGB channel', () => {
    const out = preprocess(pixel, PRESETS.imagenet).data;
    expect(out[0]).toBeCloseTo((1 - 0.485) / 0.229, 5); // 2.24891
    expect(out[1]).toBeCloseTo((0 - 0.456) / 0.224, 5); // -2.03571
    expect(out[2]).toBeCloseTo((128 / 255 - 0.406) / 0.225, 5); // 0.42649
  });

  it('tf: 0 -> -1, 255 -> 1', () => {
    expect(Array.from(preprocess(pixel, PRESETS.tf).data)).toEqual([1, -1, Math.fround(128 / 127.5 - 1)]);
  });

  it('caffe: BGR on 0..255 minus the BGR mean', () => {
    const rgb: RgbImage = { data: Uint8Array.from([200, 100, 50]), width: 1, height: 1, channels: 3 };
    const out = preprocess(rgb, PRESETS.caffe).data;
    expect(out[0]).toBeCloseTo(50 - 103.939, 4);
    expect(out[1]).toBeCloseTo(100 - 116.779, 4);
    expect(out[2]).toBeCloseTo(200 - 123.68, 4);
  });
});

describe('preprocess size', () => {
  it('a number resizes to a square with the bilinear resize', () => {
    const { data, shape } = preprocess(image, { ...raw, size: 4, layout: 'NCHW' });
    expect(shape).toEqual([1, 3, 4, 4]);
    const resized = resizeImage(image, 4, 4);
    expect(data[0]).toBe(resized.data[0]); // R of (0,0)
    expect(data[16 + 5]).toBe(resized.data[5 * 3 + 1]); // G of (1,1)
    // G plane row 0 over source G values 2, 12: 2, 4.5 -> 5 (rounded), 9.5 -> 10, 12.
    expect(Array.from(data.subarray(16, 20))).toEqual([2, 5, 10, 12]);
  });

  it('[h, w] sets height and width separately', () => {
    expect(preprocess(image, { size: [3, 5] }).shape).toEqual([1, 3, 5, 3]);
    expect(preprocess(image, { size: [3, 5], layout: 'NCHW' }).shape).toEqual([1, 3, 3, 5]);
  });
});

describe('preprocess errors', () => {
  it('rejects a wrong channel count', () => {
    const grey = { data: new Uint8Array(4), width: 2, height: 2, channels: 1 } as unknown as RgbImage;
    expect(() => preprocess(grey)).toThrow(/3 \(RGB\) or 4 \(RGBA\) channels, got 1/);
  });

  it('rejects non-positive or fractional sizes', () => {
    expect(() => preprocess(image, { size: 0 })).toThrow(/size must be positive integers/);
    expect(() => preprocess(image, { size: [224, -1] })).toThrow(/size must be positive integers/);
    expect(() => preprocess(image, { size: 2.5 })).toThrow(/size must be positive integers/);
  });

  it('rejects a bad mean, std, layout or channel order', () => {
    expect(() => preprocess(image, { mean: [1, 2] as unknown as [number, number, number] })).toThrow(
      /mean must be a finite number or 3 finite numbers/,
    );
    expect(() => preprocess(image, { std: [1, 0, 1] })).toThrow(/std must not contain 0/);
    expect(() => preprocess(image, { layout: 'CHW' as 'NCHW' })).toThrow(/layout must be 'NHWC' or 'NCHW'/);
    expect(() => preprocess(image, { channelOrder: 'RBG' as 'RGB' })).toThrow(/channelOrder must be/);
  });

  it('rejects data whose length does not match the size', () => {
    const short = { data: new Uint8Array(11), width: 2, height: 2, channels: 3 as const };
    expect(() => preprocess(short)).toThrow(/11 bytes but 2x2x3 needs 12/);
  });
});

describe('toTensor', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('returns a float32 Tensor4D holding the preprocess output', () => {
    const options = { ...PRESETS.imagenet, layout: 'NCHW' as const };
    const tensor = toTensor(image, options);
    try {
      expect(tensor.shape).toEqual([1, 3, 2, 2]);
      expect(tensor.dtype).toBe('float32');
      expect(Array.from(tensor.dataSync())).toEqual(Array.from(preprocess(image, options).data));
    } finally {
      tensor.dispose();
    }
    expect(tf.memory().numTensors).toBe(0);
  });
});

describe('grayscale preprocess', () => {
  it('gives one luma channel, 0.299 R + 0.587 G + 0.114 B, normalised with mean[0] and std[0]', () => {
    for (const layout of ['NHWC', 'NCHW'] as const) {
      const { data, shape } = preprocess(image, { scale: 1, mean: 2, std: 4, grayscale: true, layout });
      expect(shape).toEqual(layout === 'NHWC' ? [1, 2, 2, 1] : [1, 1, 2, 2]);
      const expected = [0, 1, 2, 3].map(
        (p) => (0.299 * (10 * p + 1) + 0.587 * (10 * p + 2) + 0.114 * (10 * p + 3) - 2) / 4,
      );
      for (const [p, v] of expected.entries()) expect(data[p]).toBeCloseTo(v, 5);
    }
  });
});
