import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConvSpec,
  type ConvTransposeSpec,
  naiveConv,
  naiveConvTranspose,
  naivePool,
} from './helpers/naive';
import type { AttrSpec } from './helpers/onnx-builder';
import { expectClose, runOp, seeded, size } from './helpers/run-op';

/** Conv and pooling against direct loops over NCHW arrays, for every padding and grouping rule. */
describe('convolution and pooling ops', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  interface ConvCase {
    title: string;
    x: number[];
    w: number[];
    bias?: boolean;
    attrs: Record<string, AttrSpec>;
    /** What the attributes mean, for the direct loops (auto_pad resolved by hand). */
    spec: ConvSpec;
    constantWeights?: boolean;
  }
  const base: ConvSpec = { strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], group: 1 };
  const cases: ConvCase[] = [
    { title: 'plain, no padding', x: [2, 3, 6, 5], w: [4, 3, 3, 3], bias: true, attrs: {}, spec: base },
    {
      title: 'symmetric pads, stride 2',
      x: [1, 3, 7, 8],
      w: [4, 3, 3, 3],
      bias: true,
      attrs: { pads: { ints: [1, 1, 1, 1] }, strides: { ints: [2, 2] } },
      spec: { ...base, pads: [1, 1, 1, 1], strides: [2, 2] },
    },
    {
      title: 'asymmetric pads and strides',
      x: [1, 2, 7, 6],
      w: [3, 2, 2, 3],
      attrs: { pads: { ints: [0, 2, 1, 0] }, strides: { ints: [2, 1] } },
      spec: { ...base, pads: [0, 2, 1, 0], strides: [2, 1] },
    },
    {
      title: 'dilation 2',
      x: [1, 2, 9, 9],
      w: [3, 2, 3, 3],
      bias: true,
      attrs: { dilations: { ints: [2, 2] }, pads: { ints: [2, 2, 2, 2] } },
      spec: { ...base, dilations: [2, 2], pads: [2, 2, 2, 2] },
    },
    {
      title: 'dilation and stride together (dilated filter)',
      x: [1, 2, 11, 10],
      w: [3, 2, 3, 2],
      bias: true,
      attrs: { dilations: { ints: [2, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 0, 1, 2] } },
      spec: { ...base, dilations: [2, 3], strides: [2, 2], pads: [1, 0, 1, 2] },
    },
    {
      title: 'depthwise (group = channels), multiplier 2',
      x: [2, 3, 6, 6],
      w: [6, 1, 3, 3],
      bias: true,
      attrs: { group: { i: 3 }, pads: { ints: [1, 1, 1, 1] }, strides: { ints: [2, 2] } },
      spec: { ...base, group: 3, pads: [1, 1, 1, 1], strides: [2, 2] },
    },
    {
      title: 'depthwise with dilation',
      x: [1, 4, 8, 8],
      w: [4, 1, 3, 3],
      attrs: { group: { i: 4 }, dilations: { ints: [2, 2] }, pads: { ints: [2, 2, 2, 2] } },
      spec: { ...base, group: 4, dilations: [2, 2], pads: [2, 2, 2, 2] },
    },
    {
      title: 'grouped (2 groups of 2 channels to 3)',
      x: [1, 4, 5, 5],
      w: [6, 2, 3, 3],
      bias: true,
      attrs: { group: { i: 2 }, pads: { ints: [1, 1, 1, 1] } },
      spec: { ...base, group: 2, pads: [1, 1, 1, 1] },
    },
    {
      // SAME_UPPER on 7 with stride 2 and kernel 3: total padding 2, split 1/1; width 8: 1, 0/1.
      title: 'auto_pad SAME_UPPER',
      x: [1, 2, 7, 8],
      w: [2, 2, 3, 3],
      attrs: { auto_pad: { s: 'SAME_UPPER' }, strides: { ints: [2, 2] } },
      spec: { ...base, strides: [2, 2], pads: [1, 0, 1, 1] },
    },
    {
      title: 'auto_pad SAME_LOWER',
      x: [1, 2, 7, 8],
      w: [2, 2, 3, 3],
      attrs: { auto_pad: { s: 'SAME_LOWER' }, strides: { ints: [2, 2] } },
      spec: { ...base, strides: [2, 2], pads: [1, 1, 1, 0] },
    },
    {
      title: 'auto_pad VALID, weights fed rather than constant',
      x: [1, 2, 6, 6],
      w: [2, 2, 3, 3],
      attrs: { auto_pad: { s: 'VALID' }, pads: { ints: [5, 5, 5, 5] } },
      spec: base,
      constantWeights: false,
    },
  ];

  for (const c of cases) {
    it(`Conv: ${c.title}`, () => {
      const x = seeded(size(c.x), 1);
      const w = seeded(size(c.w), 2);
      const b = c.bias ? seeded(c.w[0], 3) : undefined;
      const constant = c.constantWeights ?? true;
      const [out] = runOp(
        'Conv',
        [
          { name: 'x', shape: c.x, data: x },
          { name: 'w', shape: c.w, data: w, constant },
          ...(b ? [{ name: 'b', shape: [c.w[0]], data: b, constant }] : []),
        ],
        c.attrs,
      );
      const expected = naiveConv(x, c.x, w, c.w, b, c.spec);
      expect(out.shape).toEqual(expected.shape);
      expectClose(out.values, expected.data, 1e-5);
    });
  }

  it('Conv 1-D: [N, C, L] as a height-1 image', () => {
    const x = seeded(2 * 3 * 9, 4);
    const w = seeded(4 * 3 * 3, 5);
    const [out] = runOp(
      'Conv',
      [
        { name: 'x', shape: [2, 3, 9], data: x },
        { name: 'w', shape: [4, 3, 3], data: w, constant: true },
      ],
      { pads: { ints: [1, 2] }, strides: { ints: [2] } },
    );
    const expected = naiveConv(x, [2, 3, 1, 9], w, [4, 3, 1, 3], undefined, {
      ...base,
      pads: [0, 1, 0, 2],
      strides: [1, 2],
    });
    expect(out.shape).toEqual([2, 4, 5]);
    expectClose(out.values, expected.data);
  });

  const poolCases = [
    { title: 'pads and stride 2', kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] },
    { title: 'asymmetric pads, rectangular kernel', kernel: [2, 3], strides: [1, 2], pads: [0, 1, 1, 0] },
    { title: 'ceil_mode', kernel: [3, 3], strides: [2, 2], pads: [0, 0, 0, 0], ceil: true },
    { title: 'ceil_mode with pads', kernel: [3, 2], strides: [2, 2], pads: [1, 0, 1, 0], ceil: true },
  ] as const;
  for (const p of poolCases) {
    for (const kind of ['max', 'average'] as const) {
      for (const countIncludePad of kind === 'average' ? [false, true] : [false]) {
        const what = kind === 'average' ? ` (count_include_pad ${countIncludePad ? 1 : 0})` : '';
        it(`${kind === 'max' ? 'MaxPool' : 'AveragePool'}: ${p.title}${what}`, () => {
          const shape = [2, 3, 7, 8];
          const x = seeded(size(shape), 6);
          const attrs: Record<string, AttrSpec> = {
            kernel_shape: { ints: [...p.kernel] },
            strides: { ints: [...p.strides] },
            pads: { ints: [...p.pads] },
            ceil_mode: { i: 'ceil' in p && p.ceil ? 1 : 0 },
          };
          if (kind === 'average') attrs.count_include_pad = { i: countIncludePad ? 1 : 0 };
          const [out] = runOp(
            kind === 'max' ? 'MaxPool' : 'AveragePool',
            [{ name: 'x', shape, data: x }],
            attrs,
          );
          const expected = naivePool(kind, x, shape, {
            kernel: [...p.kernel],
            strides: [...p.strides],
            pads: [...p.pads],
            ceil: 'ceil' in p && p.ceil,
            countIncludePad,
          });
          expect(out.shape).toEqual(expected.shape);
          expectClose(out.values, expected.data);
        });
      }
    }
  }

  it('MaxPool with dilations', () => {
    const shape = [1, 2, 7, 8];
    const x = seeded(size(shape), 12);
    const [out] = runOp('MaxPool', [{ name: 'x', shape, data: x }], {
      kernel_shape: { ints: [2, 3] },
      dilations: { ints: [2, 2] },
      strides: { ints: [2, 1] },
      pads: { ints: [1, 1, 0, 1] },
    });
    // Direct loops over the dilated window.
    const expected: number[] = [];
    const oh = Math.floor((7 + 1 - 3) / 2) + 1;
    const ow = Math.floor((8 + 2 - 5) / 1) + 1;
    for (let ch = 0; ch < 2; ch++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let best = Number.NEGATIVE_INFINITY;
          for (let a = 0; a < 2; a++)
            for (let b = 0; b < 3; b++) {
              const y = i * 2 - 1 + a * 2;
              const z = j - 1 + b * 2;
              if (y >= 0 && y < 7 && z >= 0 && z < 8) best = Math.max(best, x[(ch * 7 + y) * 8 + z]);
            }
          expected.push(best);
        }
    expect(out.shape).toEqual([1, 2, oh, ow]);
    expectClose(out.values, expected);
  });

  interface TransposeCase {
    title: string;
    x: number[];
    w: number[];
    attrs: Record<string, AttrSpec>;
    spec: Partial<ConvTransposeSpec>;
  }
  const transposeCases: TransposeCase[] = [
    {
      title: 'stride 2, pads, bias',
      x: [2, 3, 4, 5],
      w: [3, 4, 3, 3],
      attrs: { strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } },
      spec: { strides: [2, 2], pads: [1, 1, 1, 1] },
    },
    {
      title: 'output_padding, asymmetric strides and pads',
      x: [1, 2, 3, 4],
      w: [2, 3, 3, 2],
      attrs: { strides: { ints: [3, 2] }, pads: { ints: [0, 1, 2, 0] }, output_padding: { ints: [1, 1] } },
      spec: { strides: [3, 2], pads: [0, 1, 2, 0], outputPadding: [1, 1] },
    },
    {
      title: 'dilations and groups',
      x: [1, 4, 4, 4],
      w: [4, 3, 2, 3],
      attrs: { dilations: { ints: [2, 1] }, group: { i: 2 }, strides: { ints: [1, 2] } },
      spec: { dilations: [2, 1], group: 2, strides: [1, 2] },
    },
  ];
  for (const t of transposeCases) {
    it(`ConvTranspose: ${t.title}`, () => {
      const x = seeded(size(t.x), 13);
      const w = seeded(size(t.w), 14);
      const group = t.spec.group ?? 1;
      const b = seeded(t.w[1] * group, 15);
      const [out] = runOp(
        'ConvTranspose',
        [
          { name: 'x', shape: t.x, data: x },
          { name: 'w', shape: t.w, data: w, constant: true },
          { name: 'b', shape: [t.w[1] * group], data: b, constant: true },
        ],
        t.attrs,
      );
      const expected = naiveConvTranspose(x, t.x, w, t.w, b, {
        strides: [1, 1],
        dilations: [1, 1],
        pads: [0, 0, 0, 0],
        outputPadding: [0, 0],
        group: 1,
        ...t.spec,
      });
      expect(out.shape).toEqual(expected.shape);
      expectClose(out.values, expected.data, 1e-5);
    });
  }

  it('ConvTranspose: output_shape and SAME_UPPER decide the padding', () => {
    const x = seeded(2 * 5 * 5, 16);
    const w = seeded(2 * 1 * 3 * 3, 17);
    const inputs = [
      { name: 'x', shape: [1, 2, 5, 5], data: x },
      { name: 'w', shape: [2, 1, 3, 3], data: w, constant: true },
    ];
    const [shaped] = runOp('ConvTranspose', inputs, {
      strides: { ints: [2, 2] },
      output_shape: { ints: [10, 10] },
    });
    expect(shaped.shape).toEqual([1, 1, 10, 10]);
    // Full output 11: one pixel removed, at the start (not SAME_UPPER).
    const full = naiveConvTranspose(x, [1, 2, 5, 5], w, [2, 1, 3, 3], undefined, {
      strides: [2, 2],
      dilations: [1, 1],
      pads: [1, 1, 0, 0],
      outputPadding: [0, 0],
      group: 1,
    });
    expectClose(shaped.values, full.data);
    const [same] = runOp('ConvTranspose', inputs, {
      strides: { ints: [2, 2] },
      auto_pad: { s: 'SAME_UPPER' },
    });
    const upper = naiveConvTranspose(x, [1, 2, 5, 5], w, [2, 1, 3, 3], undefined, {
      strides: [2, 2],
      dilations: [1, 1],
      pads: [0, 0, 1, 1],
      outputPadding: [0, 0],
      group: 1,
    });
    expectClose(same.values, upper.data);
  });

  it('MaxPool auto_pad SAME_UPPER, and 1-D pooling', () => {
    const shape = [1, 2, 5, 5];
    const x = seeded(size(shape), 7);
    const [same] = runOp('MaxPool', [{ name: 'x', shape, data: x }], {
      kernel_shape: { ints: [2, 2] },
      strides: { ints: [2, 2] },
      auto_pad: { s: 'SAME_UPPER' },
    });
    const expected = naivePool('max', x, shape, { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 1, 1] });
    expect(same.shape).toEqual([1, 2, 3, 3]);
    expectClose(same.values, expected.data);

    const line = seeded(2 * 3 * 10, 8);
    const [pooled] = runOp('AveragePool', [{ name: 'x', shape: [2, 3, 10], data: line }], {
      kernel_shape: { ints: [3] },
      strides: { ints: [2] },
      pads: { ints: [1, 1] },
    });
    const flat = naivePool('average', line, [2, 3, 1, 10], {
      kernel: [1, 3],
      strides: [1, 2],
      pads: [0, 1, 0, 1],
    });
    expect(pooled.shape).toEqual([2, 3, 5]);
    expectClose(pooled.values, flat.data);
  });

  it('GlobalAveragePool and GlobalMaxPool keep [N, C, 1, 1]', () => {
    const shape = [2, 3, 4, 5];
    const x = seeded(size(shape), 9);
    const [avg] = runOp('GlobalAveragePool', [{ name: 'x', shape, data: x }]);
    const [max] = runOp('GlobalMaxPool', [{ name: 'x', shape, data: x }]);
    expect(avg.shape).toEqual([2, 3, 1, 1]);
    const per = (k: number) => x.slice(k * 20, (k + 1) * 20);
    expectClose(
      avg.values,
      [0, 1, 2, 3, 4, 5].map((k) => per(k).reduce((a, b) => a + b) / 20),
    );
    expectClose(
      max.values,
      [0, 1, 2, 3, 4, 5].map((k) => Math.max(...per(k))),
    );
  });

  describe('Resize and Upsample (values from the ONNX operator tests)', () => {
    const x22 = { name: 'x', shape: [1, 1, 2, 2], data: [1, 2, 3, 4] };
    const floats = (name: string, data: number[]) => ({ name, shape: [data.length], data, constant: true });
    const none = { name: '', shape: [], data: [] };

    it('nearest, half_pixel and round_prefer_floor by default (opset 13)', () => {
      const [out] = runOp('Resize', [x22, none, floats('s', [1, 1, 2, 3])], { mode: { s: 'nearest' } });
      expect(out.shape).toEqual([1, 1, 4, 6]);
      expect(out.values).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4]);
    });

    it('linear with half_pixel and with align_corners', () => {
      const [half] = runOp('Resize', [x22, none, floats('s', [1, 1, 2, 2])], { mode: { s: 'linear' } });
      expectClose(
        half.values,
        [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4],
      );
      const [corners] = runOp('Resize', [x22, none, floats('s', [1, 1, 2, 2])], {
        mode: { s: 'linear' },
        coordinate_transformation_mode: { s: 'align_corners' },
      });
      const third = 1 / 3;
      expectClose(corners.values, [
        1,
        1 + third,
        1 + 2 * third,
        2,
        1 + 2 * third,
        2,
        2 + third,
        2 + 2 * third,
        2 + third,
        2 + 2 * third,
        3,
        3 + third,
        3,
        3 + third,
        3 + 2 * third,
        4,
      ]);
    });

    it('downsampling by scales, and to sizes', () => {
      const x24 = { name: 'x', shape: [1, 1, 2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8] };
      const [nearest] = runOp('Resize', [x24, none, floats('s', [1, 1, 0.6, 0.6])], {
        mode: { s: 'nearest' },
      });
      expect(nearest).toMatchObject({ shape: [1, 1, 1, 2], values: [1, 3] });
      const [linear] = runOp('Resize', [x24, none, floats('s', [1, 1, 0.6, 0.6])], { mode: { s: 'linear' } });
      expectClose(linear.values, [2.6666665, 4.3333331]);
      const sizes = {
        name: 'sizes',
        shape: [4],
        data: [1n, 1n, 1n, 2n],
        type: 'int64' as const,
        constant: true,
      };
      const [sized] = runOp('Resize', [x24, none, none, sizes], { mode: { s: 'nearest' } });
      expect(sized.shape).toEqual([1, 1, 1, 2]);
    });

    it('cubic (a = -0.75, and -0.5 with exclude_outside)', () => {
      const x44 = { name: 'x', shape: [1, 1, 4, 4], data: Array.from({ length: 16 }, (_, i) => i + 1) };
      const [cubic] = runOp('Resize', [x44, none, floats('s', [1, 1, 2, 2])], { mode: { s: 'cubic' } });
      expect(cubic.shape).toEqual([1, 1, 8, 8]);
      // The ONNX operator test's first row.
      expectClose(
        cubic.values.slice(0, 8),
        [0.47265625, 0.76953125, 1.24609375, 1.875, 2.28125, 2.91015625, 3.38671875, 3.68359375],
        1e-5,
      );
      const [excluded] = runOp('Resize', [x44, none, floats('s', [1, 1, 2, 2])], {
        mode: { s: 'cubic' },
        cubic_coeff_a: { f: -0.5 },
        exclude_outside: { i: 1 },
      });
      expectClose(excluded.values.slice(0, 2), [0.55882353, 0.81494204], 1e-5);
    });

    it('Upsample (opset 9) and Resize (opset 10): asymmetric coordinates, rounding down', () => {
      const [up] = runOp('Upsample', [x22, floats('s', [1, 1, 2, 3])], {}, { opset: 9 });
      expect(up.values.slice(0, 6)).toEqual([1, 1, 1, 2, 2, 2]);
      const [ten] = runOp(
        'Resize',
        [x22, floats('s', [1, 1, 1, 1.5])],
        { mode: { s: 'nearest' } },
        { opset: 10 },
      );
      expect(ten).toMatchObject({ shape: [1, 1, 2, 3], values: [1, 1, 2, 3, 3, 4] });
    });
  });
});
