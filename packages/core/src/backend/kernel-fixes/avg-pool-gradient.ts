import {
  AvgPool,
  AvgPool3D,
  type AvgPool3DAttrs,
  AvgPool3DGrad,
  type AvgPoolAttrs,
  AvgPoolGrad,
  backend_util,
  engine,
  type GradConfig,
  mul,
  type NamedAttrMap,
  type Tensor,
  type Tensor4D,
  type Tensor5D,
  tensor,
} from '@tensorflow/tfjs-core';
import { gradientFix } from './gradient-fix';

/** For one axis: how many of each window's cells lie inside the input (padding excluded). */
function cellsInside(
  outSize: number,
  inSize: number,
  stride: number,
  filter: number,
  before: number,
): number[] {
  return Array.from({ length: outSize }, (_, o) => {
    const start = o * stride - before;
    return Math.min(start + filter, inSize) - Math.max(start, 0);
  });
}

/**
 * `volume / count` per output cell, over the given spatial axes (each: outputs, inputs, stride,
 * filter, padding before): the stock gradient divides every window by its full volume, so scaling
 * dy by this makes it divide by the cells the forward averaged. Undefined when nothing is padded.
 */
function rescale(axes: [number, number, number, number, number][]): Tensor | undefined {
  const counts = axes.map(([out, inSize, stride, filter, before]) =>
    cellsInside(out, inSize, stride, filter, before),
  );
  if (counts.every((c, i) => c.every((n) => n === axes[i][3]))) return undefined;
  const volume = axes.reduce((v, a) => v * a[3], 1);
  const outShape = axes.map((a) => a[0]);
  const factors = new Float32Array(outShape.reduce((a, b) => a * b, 1));
  factors.forEach((_, flat) => {
    let rest = flat;
    let cells = 1;
    for (let i = axes.length - 1; i >= 0; i--) {
      cells *= counts[i][rest % outShape[i]];
      rest = Math.floor(rest / outShape[i]);
    }
    factors[flat] = volume / cells;
  });
  return tensor(factors, [1, ...outShape, 1]);
}

/** The stock AvgPoolGrad or AvgPool3DGrad, fed dy rescaled to the cells each window averaged. */
function rescaledGradient(
  x: Tensor,
  dy: Tensor,
  kernel: string,
  attrs: NamedAttrMap,
  factors?: Tensor,
): Tensor {
  const scaled = factors ? mul(dy, factors) : dy;
  // The kernel's inputs: dy and the forward input, whose shape it needs.
  return engine().runKernel(kernel, { dy: scaled, input: x }, { ...attrs }) as Tensor;
}

const avgPoolGradConfig: GradConfig = {
  kernelName: AvgPool,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [Tensor4D];
    const poolAttrs = attrs as unknown as AvgPoolAttrs;
    const info = backend_util.computePool2DInfo(
      x.shape,
      poolAttrs.filterSize,
      poolAttrs.strides,
      1,
      poolAttrs.pad,
      poolAttrs.dimRoundingMode,
    );
    const factors = () =>
      rescale([
        [info.outHeight, info.inHeight, info.strideHeight, info.filterHeight, info.padInfo.top],
        [info.outWidth, info.inWidth, info.strideWidth, info.filterWidth, info.padInfo.left],
      ]);
    return { x: () => rescaledGradient(x, dy as Tensor, AvgPoolGrad, attrs, factors()) };
  },
};

const avgPool3dGradConfig: GradConfig = {
  kernelName: AvgPool3D,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [Tensor5D];
    const a = attrs as unknown as AvgPool3DAttrs;
    const info = backend_util.computePool3DInfo(
      x.shape,
      a.filterSize,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    const factors = () =>
      rescale([
        [info.outDepth, info.inDepth, info.strideDepth, info.filterDepth, info.padInfo.front],
        [info.outHeight, info.inHeight, info.strideHeight, info.filterHeight, info.padInfo.top],
        [info.outWidth, info.inWidth, info.strideWidth, info.filterWidth, info.padInfo.left],
      ]);
    return { x: () => rescaledGradient(x, dy as Tensor, AvgPool3DGrad, attrs, factors()) };
  },
};

export const avgPool3dGradientFix = gradientFix(
  'AvgPool3D gradient, padded windows',
  avgPool3dGradConfig,
  "as for AvgPool: the stock gradient divides a window that overlaps padding by its full volume (a 3x3x3 'same' average pool: relative error 0.23)",
);

export const avgPoolGradientFix = gradientFix(
  'AvgPool gradient, padded windows',
  avgPoolGradConfig,
  "the stock gradient divides a window that overlaps padding by its full area while the forward divides by the cells inside: a 3x3 'same' average pool of a 4x4 input gives 1/9 + ... = 0.444 at a corner where finite differences give 0.694",
);
