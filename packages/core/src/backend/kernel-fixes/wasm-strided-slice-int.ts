import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelFunc,
  StridedSlice,
  type StridedSliceAttrs,
  slice_util,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { wrappedKernelFix } from './backend-kernel-fix';

/**
 * On its general path the WASM StridedSlice writes a float32 output whatever the input's dtype, so
 * an int32 slice comes back as float32 holding the integers' bits (1 reads 1.4e-45) and a bool one
 * is copied word by word. Non-float inputs are sliced here instead; float32 stays with the stock
 * kernel.
 */
function typedSlice(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs as { x: TensorInfo };
    if (x.dtype === 'float32') return stock(args);
    const a = attrs as unknown as StridedSliceAttrs;
    const info = slice_util.sliceInfo(
      x.shape,
      a.begin,
      a.end,
      a.strides,
      a.beginMask,
      a.endMask,
      a.ellipsisMask,
      a.newAxisMask,
      a.shrinkAxisMask,
    );
    const wasm = backend as BackendWasm;
    const out = wasm.makeOutput(info.finalShape, x.dtype);
    // Views are taken after makeOutput: an allocation may grow the heap and detach older views.
    const source = wasm.typedArrayFromHeap(x);
    const target = wasm.typedArrayFromHeap(out);
    // begin, end and strides are per axis of x; new and shrunk axes have size 1, so walking the
    // picked cells of x in row-major order is the output's order.
    const shape = slice_util.computeOutShape(info.begin, info.end, info.strides);
    const inStrides = [...util.computeStrides(x.shape), 1];
    const coords = new Array<number>(shape.length).fill(0);
    for (let o = 0; o < target.length; o++) {
      let at = 0;
      for (let d = 0; d < shape.length; d++)
        at += (info.begin[d] + coords[d] * info.strides[d]) * inStrides[d];
      target[o] = source[at];
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++coords[d] < shape[d]) break;
        coords[d] = 0;
      }
    }
    return out;
  };
}

export const wasmStridedSliceIntFix = wrappedKernelFix(
  'StridedSlice on WASM, int32 and bool',
  StridedSlice,
  'wasm',
  typedSlice,
  'the WASM StridedSlice returns float32 for an int32 input on its general path, holding the integer bits: tf.stridedSlice(int32 [0..11] as [3,4], [0,1], [3,4], [1,2]) gives 1.4e-45, 4.2e-45, ... instead of 1, 3, 5, 7, 9, 11',
);
