import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { backendKernelFix } from './backend-kernel-fix';

type Shape4D = [number, number, number, number];

/**
 * Each output's gradient goes to the first maximum of its window in row-major order, among the
 * cells inside the input (padding never wins): TensorFlow's and the CPU backend's convention.
 */
const maxPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const wasm = backend as BackendWasm;
  const info = backend_util.computePool2DInfo(
    input.shape as Shape4D,
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  // Checked because the loops below read and write the heap unchecked.
  if (dy.shape.join() !== [batchSize, outHeight, outWidth, channels].join()) {
    throw new Error(`wasm MaxPoolGrad: dy [${dy.shape}] does not fit input [${input.shape}] and the window`);
  }
  const out = wasm.makeOutput(input.shape, 'float32');
  // Views are taken after makeOutput: an allocation may grow the heap and detach older views.
  const x = wasm.typedArrayFromHeap(input);
  const g = wasm.typedArrayFromHeap(dy);
  const dx = wasm.typedArrayFromHeap(out);
  dx.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = Math.max(0, oh * strideHeight - top);
      const r1 = Math.min(inHeight, oh * strideHeight - top + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const c0 = Math.max(0, ow * strideWidth - left);
        const c1 = Math.min(inWidth, ow * strideWidth - left + filterWidth);
        const dyOff = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let k = 0; k < channels; k++) {
          let best = -1;
          let max = Number.NEGATIVE_INFINITY;
          for (let r = r0; r < r1; r++) {
            for (let c = c0; c < c1; c++) {
              const at = ((b * inHeight + r) * inWidth + c) * channels + k;
              if (best < 0 || x[at] > max) {
                max = x[at];
                best = at;
              }
            }
          }
          if (best >= 0) dx[best] += g[dyOff + k];
        }
      }
    }
  }
  return out;
};

const config: KernelConfig = { kernelName: MaxPoolGrad, backendName: 'wasm', kernelFunc: maxPoolGrad };

export const wasmMaxPoolGradFix = backendKernelFix(
  'MaxPoolGrad on WASM, first maximum',
  config,
  'the WASM kernel starts its running maximum at FLT_MIN (the smallest positive float) and breaks ties to the last cell, so a window whose maximum is <= 0 (all zeros after a ReLU, or all negative) sends its gradient to the wrong cell; CPU and TensorFlow send it to the first maximum',
);
