import {
  AvgPool,
  type AvgPoolAttrs,
  AvgPoolGrad,
  backend_util,
  engine,
  type GradConfig,
  mul,
  type Tensor,
  type Tensor4D,
  tensor4d,
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
 * `area / count` per output cell: the stock AvgPoolGrad divides every window by its full area,
 * so scaling dy by this makes it divide by the cells the forward averaged.
 */
function rescale(x: Tensor4D, attrs: AvgPoolAttrs): Tensor4D | undefined {
  const info = backend_util.computePool2DInfo(
    x.shape,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const rows = cellsInside(outHeight, info.inHeight, strideHeight, filterHeight, info.padInfo.top);
  const cols = cellsInside(outWidth, info.inWidth, strideWidth, filterWidth, info.padInfo.left);
  const area = filterHeight * filterWidth;
  if (rows.every((r) => r === filterHeight) && cols.every((c) => c === filterWidth)) return undefined;
  const factors = new Float32Array(outHeight * outWidth);
  rows.forEach((r, i) => {
    cols.forEach((c, j) => {
      factors[i * outWidth + j] = area / (r * c);
    });
  });
  return tensor4d(factors, [1, outHeight, outWidth, 1]);
}

const avgPoolGradConfig: GradConfig = {
  kernelName: AvgPool,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [Tensor4D];
    const poolAttrs = attrs as unknown as AvgPoolAttrs;
    return {
      x: () => {
        const factors = rescale(x, poolAttrs);
        const scaled = factors ? mul(dy as Tensor, factors) : (dy as Tensor);
        // The kernel's inputs: dy and the forward input, whose shape it needs.
        return engine().runKernel(AvgPoolGrad, { dy: scaled, input: x }, { ...poolAttrs }) as Tensor;
      },
    };
  },
};

export const avgPoolGradientFix = gradientFix(
  'AvgPool gradient, padded windows',
  avgPoolGradConfig,
  "the stock gradient divides a window that overlaps padding by its full area while the forward divides by the cells inside: a 3x3 'same' average pool of a 4x4 input gives 1/9 + ... = 0.444 at a corner where finite differences give 0.694",
);
