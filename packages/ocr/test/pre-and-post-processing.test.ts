import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { dbBoxes, prepareLine } from '../src';

/** A [h, w] map of 0.05 with rectangles [x0, y0, x1, y1) filled with p. */
function probMap(w: number, h: number, rects: [number, number, number, number, number][]): Float32Array {
  const m = new Float32Array(w * h).fill(0.05);
  for (const [x0, y0, x1, y1, p] of rects)
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * w + x] = p;
  return m;
}

describe('DB post-processing', () => {
  it('gives one box per region, grown by area * 1.5 / perimeter, with its mean probability', () => {
    const boxes = dbBoxes(
      probMap(40, 20, [
        [2, 3, 22, 7, 0.9],
        [25, 12, 35, 18, 0.8],
      ]),
      40,
      20,
    );
    expect(boxes).toHaveLength(2);
    // 20x4: d = 80 * 1.5 / 48 = 2.5.
    expect(boxes[0]).toMatchObject({ x: -0.5, y: 0.5, width: 25, height: 9 });
    expect(boxes[0].score).toBeCloseTo(0.9, 6);
    // 10x6: d = 60 * 1.5 / 32 = 2.8125.
    expect(boxes[1].x).toBeCloseTo(25 - 2.8125, 6);
    expect(boxes[1].width).toBeCloseTo(10 + 5.625, 6);
  });

  it('drops regions under the box threshold or thinner than 3 pixels, and joins touching pixels', () => {
    const faint = probMap(30, 10, [[2, 2, 12, 6, 0.5]]);
    expect(dbBoxes(faint, 30, 10)).toHaveLength(0);
    expect(dbBoxes(faint, 30, 10, { boxThreshold: 0.4 })).toHaveLength(1);
    expect(dbBoxes(probMap(30, 10, [[2, 2, 20, 4, 0.9]]), 30, 10)).toHaveLength(0);
    const touching = probMap(30, 10, [
      [2, 2, 10, 8, 0.9],
      [10, 4, 20, 8, 0.7],
    ]);
    const [box] = dbBoxes(touching, 30, 10);
    expect(dbBoxes(touching, 30, 10)).toHaveLength(1);
    expect(box.score).toBeCloseTo((48 * 0.9 + 40 * 0.7) / 88, 6);
  });
});

describe('line preprocessing', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('resizes to height 48 keeping the aspect, pads with zeros to >= 320, BGR in [-1, 1]', () => {
    // 20x10 image, every pixel R=255, G=0, B=51.
    const data = new Uint8Array(20 * 10 * 3);
    for (let i = 0; i < 200; i++) data.set([255, 0, 51], i * 3);
    const line = prepareLine({ data, width: 20, height: 10, channels: 3 });
    expect(line.tensor.shape).toEqual([1, 3, 48, 320]);
    expect(line).toMatchObject({ resizedWidth: 96, paddedWidth: 320, scaleX: 4.8, scaleY: 4.8 });
    const v = line.tensor.arraySync()[0];
    expect([v[0][10][10], v[1][10][10], v[2][10][10]].map((x) => Number(x.toFixed(4)))).toEqual([
      -0.6, -1, 1,
    ]);
    expect([v[0][10][100], v[1][10][100], v[2][10][100]]).toEqual([0, 0, 0]);
    line.tensor.dispose();
  });

  it('pads a wide line to a multiple of 8 and refuses one wider than maxWidth', () => {
    const wide = { data: new Uint8Array(1000 * 10 * 3), width: 1000, height: 10, channels: 3 as const };
    const line = prepareLine(wide, { maxWidth: 5000 });
    expect(line).toMatchObject({ resizedWidth: 4800, paddedWidth: 4800 });
    line.tensor.dispose();
    expect(() => prepareLine(wide)).toThrow(/4800 wide at height 48, more than the 3200 allowed/);
  });
});
