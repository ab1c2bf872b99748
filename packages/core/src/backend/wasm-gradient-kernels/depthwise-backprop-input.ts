import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

type Shape4D = [number, number, number, number];

/**
 * dx[b, oh*sh+kh*dh-top, ow*sw+kw*dw-left, c] += sum over q of W[kh,kw,c,q] * dy[b,oh,ow,c*M+q].
 *
 * Written as a scatter from each dy pixel so that the bounds test is per filter tap
 * rather than per (input pixel, tap) pair, with no divisions in the inner loops; every
 * dx element receives at most KH*KW contributions, so float32 accumulation is enough.
 */
const depthwiseConv2dNativeBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const wasm = backend as BackendWasm;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as Shape4D,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const [dyN, dyH, dyW, dyC] = dy.shape;
  // Checked because the loops below read and write the heap unchecked.
  if (
    filter.shape[2] !== inChannels ||
    dyN !== batchSize ||
    dyH !== outHeight ||
    dyW !== outWidth ||
    dyC !== outChannels
  ) {
    throw new Error(
      `wasm DepthwiseConv2dNativeBackpropInput: inputShape [${inputShape}], dy [${dy.shape}] and ` +
        `filter [${filter.shape}] do not fit together`,
    );
  }
  const multiplier = filter.shape[3];

  const out = wasm.makeOutput(inputShape, 'float32');
  // Views are taken after makeOutput: an allocation may grow the heap and detach older views.
  const dyVals = wasm.typedArrayFromHeap(dy);
  const wVals = wasm.typedArrayFromHeap(filter);
  const dx = wasm.typedArrayFromHeap(out);
  // makeOutput hands back malloc'ed memory, and pixels no tap reaches must read 0.
  dx.fill(0);

  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyOff = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const xr = oh * strideHeight + kh * dilationHeight - top;
          if (xr < 0 || xr >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const xc = ow * strideWidth + kw * dilationWidth - left;
            if (xc < 0 || xc >= inWidth) continue;
            const xOff = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            const wOff = (kh * filterWidth + kw) * outChannels;
            for (let c = 0; c < inChannels; c++) {
              const base = c * multiplier;
              let sum = 0;
              for (let q = 0; q < multiplier; q++) {
                sum += wVals[wOff + base + q] * dyVals[dyOff + base + q];
              }
              dx[xOff + c] += sum;
            }
          }
        }
      }
    }
  }
  return out;
};

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput,
};
