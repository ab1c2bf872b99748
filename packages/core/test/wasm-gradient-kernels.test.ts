import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's main entry leaves gradients unregistered; the package index imports this too.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmGradientKernels, WASM_GRADIENT_KERNELS } from '../src/backend/wasm-gradient-kernels';

type BackendName = 'cpu' | 'wasm';
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

const PADS: Pad[] = [
  'valid',
  'same',
  1,
  2,
  [
    [0, 0],
    [2, 1],
    [0, 2],
    [0, 0],
  ],
];
const STRIDES = [1, 2];
const SIZES = [1, 3, 5];

async function useBackend(name: BackendName): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

// Seeded so that both backends see identical inputs.
function random(shape: number[], seed: number): Float32Array {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let state = seed * 7919 + 17;
  for (let i = 0; i < values.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    values[i] = state / 1073741824 - 1;
  }
  return values;
}

function tensor(shape: number[], seed: number): tf.Tensor4D {
  return tf.tensor4d(random(shape, seed), shape as [number, number, number, number]);
}

/** Runs `f` on a backend and reads back its outputs; inputs must be built inside `f`. */
async function on(name: BackendName, f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await useBackend(name);
  const outs = tf.tidy(f);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

function expectClose(actual: Float32Array[], expected: Float32Array[], label: string): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((want, i) => {
    const got = actual[i];
    expect(got.length, label).toBe(want.length);
    let maxDiff = 0;
    let scale = 1;
    for (let j = 0; j < want.length; j++) {
      maxDiff = Math.max(maxDiff, Math.abs(got[j] - want[j]));
      scale = Math.max(scale, Math.abs(want[j]));
    }
    expect(maxDiff / scale, `${label} output ${i}`).toBeLessThan(1e-4);
  });
}

async function compareBackends(f: () => tf.Tensor[], label: string): Promise<void> {
  const expected = await on('cpu', f);
  const actual = await on('wasm', f);
  expectClose(actual, expected, label);
}

function outShape(x: number[], filter: number[], stride: number, pad: Pad, depthwise: boolean): number[] {
  const shape4 = (s: number[]) => s as [number, number, number, number];
  return tf.backend_util.computeConv2DInfo(shape4(x), shape4(filter), stride, 1, pad, undefined, depthwise)
    .outShape;
}

function conv2dGrads(stride: number, pad: Pad, k: number, xShape = [2, 7, 9, 3]): tf.Tensor[] {
  const fShape = [k, k, 3, 4];
  const dy = tensor(outShape(xShape, fShape, stride, pad, false), 3);
  const f = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, stride, pad);
  return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([tensor(xShape, 1), tensor(fShape, 2)], dy);
}

function depthwiseGrads(stride: number, pad: Pad, k: number, multiplier: number): tf.Tensor[] {
  const xShape = [2, 7, 9, 3];
  const fShape = [k, k, 3, multiplier];
  const dy = tensor(outShape(xShape, fShape, stride, pad, true), 3);
  const f = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.depthwiseConv2d(x, w, stride, pad);
  return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([tensor(xShape, 1), tensor(fShape, 2)], dy);
}

function smallNet(x: tf.Tensor4D, w1: tf.Tensor4D, dw: tf.Tensor4D, w2: tf.Tensor4D): tf.Scalar {
  const h1 = tf.relu(tf.conv2d(x, w1, 1, 'same'));
  const h2 = tf.relu(tf.depthwiseConv2d(h1, dw, 2, 'same'));
  return tf.mean(tf.conv2d(h2, w2, 2, 'valid'));
}

function smallNetGrads(): tf.Tensor[] {
  const f = (w1: tf.Tensor4D, dw: tf.Tensor4D, w2: tf.Tensor4D) =>
    smallNet(tensor([2, 11, 11, 3], 1), w1, dw, w2);
  const filters = [tensor([3, 3, 3, 8], 2), tensor([3, 3, 8, 2], 3), tensor([3, 3, 16, 4], 4)];
  return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)(filters);
}

describe('before registration', () => {
  it("tf.grad through conv2d fails on wasm with 'not registered'", async () => {
    await useBackend('wasm');
    // Guarded so that a TF.js release shipping the kernels does not fail this file.
    if (tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return;
    expect(() => smallNetGrads()).toThrow("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'");
  });
});

describe('registerWasmGradientKernels', () => {
  it('registers the missing kernels once and is idempotent', () => {
    expect(WASM_GRADIENT_KERNELS).toEqual([
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'UnsortedSegmentSum',
    ]);
    expect(registerWasmGradientKernels()).toEqual(WASM_GRADIENT_KERNELS);
    expect(registerWasmGradientKernels()).toEqual([]);
    for (const name of WASM_GRADIENT_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  });

  it("lets a small conv net's tf.grad reach its filters on wasm, matching cpu", async () => {
    await compareBackends(smallNetGrads, 'small net');
  });
});

describe('wasm gradient kernels match the cpu backend', () => {
  beforeAll(() => {
    registerWasmGradientKernels();
  });

  for (const stride of STRIDES) {
    for (const pad of PADS) {
      for (const k of SIZES) {
        const name = `stride ${stride}, pad ${JSON.stringify(pad)}, ${k}x${k}`;
        it(`conv2d grads: ${name}`, () => compareBackends(() => conv2dGrads(stride, pad, k), name));
        for (const multiplier of [1, 2]) {
          const label = `${name}, multiplier ${multiplier}`;
          it(`depthwiseConv2d grads: ${label}`, () =>
            compareBackends(() => depthwiseGrads(stride, pad, k, multiplier), label));
        }
      }
    }
  }

  // Here the last stride-2 window ends before the input does, so the kernel's inner
  // convolution overshoots the filter size and its output has to be sliced.
  for (const k of [3, 5]) {
    const name = `stride 2, pad "valid", ${k}x${k}, even input 8x10`;
    it(`conv2d grads: ${name}`, () => compareBackends(() => conv2dGrads(2, 'valid', k, [2, 8, 10, 3]), name));
  }

  // dimRoundingMode and NCHW are unreachable through tf.grad on wasm (its forward Conv2D
  // supports neither), so the kernel is run directly.
  const direct: [Pad, Rounding, 'NHWC' | 'NCHW'][] = [
    [1, 'ceil', 'NHWC'],
    [1, 'floor', 'NHWC'],
    [1, 'round', 'NHWC'],
    ['same', undefined, 'NCHW'],
    [2, 'ceil', 'NCHW'],
  ];
  for (const [pad, dimRoundingMode, dataFormat] of direct) {
    const label = `Conv2DBackpropFilter ${dataFormat}, pad ${pad}, rounding ${dimRoundingMode}`;
    it(label, () => {
      const xShape = dataFormat === 'NHWC' ? [3, 7, 9, 5] : [3, 5, 7, 9];
      const filterShape: [number, number, number, number] = [4, 4, 5, 6];
      const info = tf.backend_util.computeConv2DInfo(
        xShape as [number, number, number, number],
        filterShape,
        2,
        1,
        pad,
        dimRoundingMode,
        false,
        dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst',
      );
      // Cast because NamedAttrMap has no room for an undefined dimRoundingMode.
      const attrs = {
        strides: 2,
        pad,
        dataFormat,
        dimRoundingMode,
        filterShape,
      } as unknown as tf.NamedAttrMap;
      const run = () => {
        const inputs = { x: tensor(xShape, 1), dy: tensor(info.outShape, 2) };
        return [tf.engine().runKernel('Conv2DBackpropFilter', inputs, attrs) as tf.Tensor];
      };
      return compareBackends(run, label);
    });
  }
});

/** Inserts dilation-1 zeros between filter taps: the same convolution with dilation 1. */
function dilateFilter(filter: tf.Tensor4D, dilation: number): tf.Tensor4D {
  const [k, , c, m] = filter.shape;
  const size = (k - 1) * dilation + 1;
  const taps = filter.arraySync();
  const out = tf.buffer([size, size, c, m]);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      for (let a = 0; a < c; a++)
        for (let b = 0; b < m; b++) out.set(taps[i][j][a][b], i * dilation, j * dilation, a, b);
  return out.toTensor() as tf.Tensor4D;
}

/** Both depthwise gradient kernels, run directly on the current backend. */
function depthwiseKernels(
  xShape: number[],
  dyShape: number[],
  filter: tf.Tensor4D,
  stride: number,
  pad: Pad,
  dilations: number,
): tf.Tensor[] {
  const attrs = { strides: stride, pad, dilations, filterShape: filter.shape, inputShape: xShape };
  const dy = tensor(dyShape, 3);
  const run = (name: string, inputs: tf.NamedTensorMap) =>
    tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;
  return [
    run('DepthwiseConv2dNativeBackpropFilter', { x: tensor(xShape, 1), dy }),
    run('DepthwiseConv2dNativeBackpropInput', { dy, filter }),
  ];
}

// The gradient of depthwiseConv2d in tfjs-core rejects dilations > 1, and the cpu kernels
// ignore dilations, so the dilated wasm kernels are checked against the cpu kernels run
// with dilation 1 on the equivalent zero-dilated filter.
describe('wasm depthwise gradient kernels with dilation 2', () => {
  beforeAll(() => {
    registerWasmGradientKernels();
  });
  const xShape: [number, number, number, number] = [2, 11, 13, 3];
  for (const stride of STRIDES) {
    for (const pad of PADS) {
      for (const k of SIZES) {
        for (const multiplier of [1, 2]) {
          const label = `stride ${stride}, pad ${JSON.stringify(pad)}, ${k}x${k}, multiplier ${multiplier}`;
          it(label, async () => {
            const fShape: [number, number, number, number] = [k, k, 3, multiplier];
            const info = tf.backend_util.computeConv2DInfo(xShape, fShape, stride, 2, pad, undefined, true);
            const got = await on('wasm', () =>
              depthwiseKernels(xShape, info.outShape, tensor(fShape, 2), stride, pad, 2),
            );
            const want = await on('cpu', () => {
              const wide = dilateFilter(tensor(fShape, 2), 2);
              const [wideGrad, dx] = depthwiseKernels(xShape, info.outShape, wide, stride, pad, 1);
              return [tf.stridedSlice(wideGrad, [0, 0, 0, 0], wide.shape, [2, 2, 1, 1]), dx];
            });
            expectClose(got, want, label);
          });
        }
      }
    }
  }
});

describe('wasm gradient kernels free their intermediates', () => {
  beforeAll(async () => {
    registerWasmGradientKernels();
    await useBackend('wasm');
  });

  it('keeps tensors and backend data ids flat over repeated tf.grad calls', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const step = () => tf.dispose(tf.tidy(smallNetGrads));
    step();
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
  });

  it('leaves one data id per kernel call, its output', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tensor([2, 9, 9, 4], 1);
    const dy = tensor([2, 5, 5, 6], 2);
    const dataIds = backend.numDataIds();
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 4, 6] };
    for (let i = 0; i < 3; i++) {
      const grad = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
      expect(grad.shape).toEqual([3, 3, 4, 6]);
      expect(backend.numDataIds()).toBe(dataIds + 1);
      grad.dispose();
    }
    expect(backend.numDataIds()).toBe(dataIds);
    tf.dispose([x, dy]);
  });
});
