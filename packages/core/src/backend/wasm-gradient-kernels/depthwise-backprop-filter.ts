import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

type Shape4D = [number, number, number, number];

/**
 * dW[kh,kw,c,q] = sum over b,oh,ow of x[b, oh*sh+kh*dh-top, ow*sw+kw*dw-left, c] * dy[b,oh,ow,c*M+q].
 *
 * Depthwise filters are tiny, so a direct loop is cheap. The loop runs with channels
 * innermost because (c,q) of the filter and channel c*M+q of dy share one flat index,
 * so both are walked contiguously.
 */
const depthwiseConv2dNativeBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const wasm = backend as BackendWasm;
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4D,
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const [, dyH, dyW, dyC] = dy.shape;
  // Checked because the loops below write to the heap unchecked.
  if (filterShape[2] !== inChannels || dyH !== outHeight || dyW !== outWidth || dyC !== outChannels) {
    throw new Error(
      `wasm DepthwiseConv2dNativeBackpropFilter: x [${x.shape}], dy [${dy.shape}] and ` +
        `filterShape [${filterShape}] do not fit together`,
    );
  }
  const multiplier = filterShape[3];

  const out = wasm.makeOutput(filterShape, 'float32');
  // Views are taken after makeOutput: an allocation may grow the heap and detach older views.
  const xVals = wasm.typedArrayFromHeap(x);
  const dyVals = wasm.typedArrayFromHeap(dy);
  const dW = wasm.typedArrayFromHeap(out);
  // Sums run over batch*OH*OW terms; float64 keeps them as accurate as the CPU backend's.
  const acc = new Float64Array(outChannels);

  for (let kh = 0; kh < filterHeight; kh++) {
    const rowShift = kh * dilationHeight - top;
    const ohMin = Math.max(0, Math.ceil(-rowShift / strideHeight));
    const ohEnd = Math.min(outHeight, Math.ceil((inHeight - rowShift) / strideHeight));
    for (let kw = 0; kw < filterWidth; kw++) {
      const colShift = kw * dilationWidth - left;
      const owMin = Math.max(0, Math.ceil(-colShift / strideWidth));
      const owEnd = Math.min(outWidth, Math.ceil((inWidth - colShift) / strideWidth));
      acc.fill(0);
      for (let b = 0; b < batchSize; b++) {
        for (let oh = ohMin; oh < ohEnd; oh++) {
          const xRow = (b * inHeight + oh * strideHeight + rowShift) * inWidth;
          const dyRow = (b * outHeight + oh) * outWidth;
          for (let ow = owMin; ow < owEnd; ow++) {
            const xOff = (xRow + ow * strideWidth + colShift) * inChannels;
            const dyOff = (dyRow + ow) * outChannels;
            for (let c = 0; c < inChannels; c++) {
              const xv = xVals[xOff + c];
              const base = c * multiplier;
              for (let q = 0; q < multiplier; q++) {
                acc[base + q] += xv * dyVals[dyOff + base + q];
              }
            }
          }
        }
      }
      dW.set(acc, (kh * filterWidth + kw) * outChannels);
    }
  }
  return out;
};

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter,
};
