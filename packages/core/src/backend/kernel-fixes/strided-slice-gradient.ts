import {
  cast,
  type GradConfig,
  range,
  reshape,
  StridedSlice,
  type StridedSliceAttrs,
  stridedSlice,
  type Tensor,
  type Tensor1D,
  unsortedSegmentSum,
} from '@tensorflow/tfjs-core';
import { fail } from '../../errors';
import { gradientFix } from './gradient-fix';

/**
 * The same slice of the flat indices of x tells where each element of dy came from, whatever the
 * masks (ellipsis, new and shrunk axes); dy is then summed into those cells.
 */
const stridedSliceGradConfig: GradConfig = {
  kernelName: StridedSlice,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const a = attrs as unknown as StridedSliceAttrs;
    return {
      x: () => {
        // float32 positions: the WASM StridedSlice garbles int32 tensors, and float32 is exact to 2^24.
        if (x.size > 2 ** 24)
          fail(
            `the StridedSlice gradient indexes its input in float32, exact to 2^24 elements; this one has ${x.size}: slice a smaller tensor, or run on another cut`,
          );
        const positions = reshape(range(0, x.size, 1, 'float32'), x.shape);
        const picked = stridedSlice(
          positions,
          a.begin,
          a.end,
          a.strides,
          a.beginMask,
          a.endMask,
          a.ellipsisMask,
          a.newAxisMask,
          a.shrinkAxisMask,
        );
        const ids = cast(reshape(picked, [-1]), 'int32') as Tensor1D;
        const flat = unsortedSegmentSum(reshape(dy as Tensor, [-1]), ids, x.size);
        return reshape(flat, x.shape);
      },
    };
  },
};

export const stridedSliceGradientFix = gradientFix(
  'StridedSlice gradient (missing)',
  stridedSliceGradConfig,
  'TF.js registers no StridedSlice gradient ("Cannot compute gradient: gradient function not found for StridedSlice"); GraphModels and sliced ONNX graphs (x[:, 0], strided steps) reach it',
);
