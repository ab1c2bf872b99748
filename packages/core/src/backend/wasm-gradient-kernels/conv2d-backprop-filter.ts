import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  Slice,
  type TensorInfo,
  Transpose,
} from '@tensorflow/tfjs-core';

type Shape4D = [number, number, number, number];

function callWasmKernel(
  name: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) {
    throw new Error(`wasm Conv2DBackpropFilter needs the wasm '${name}' kernel, which is not registered`);
  }
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/**
 * dW[kh,kw,ci,co] = sum over n,oh,ow of x[n, oh*sh+kh-top, ow*sw+kw-left, ci] * dy[n,oh,ow,co].
 *
 * That sum is itself a convolution, so the work goes to XNNPACK instead of JS loops:
 * the input is x seen as Ci images of H x W with the N examples as channels, the filter
 * is dy seen as an OH x OW filter from N to Co channels, stride 1, and the original
 * strides become dilations (dy tap i hits x row i*sh). The original top/left padding
 * aligns row kh of the output with filter row kh.
 */
const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as Conv2DBackpropFilterAttrs;
  const wasm = backend as BackendWasm;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    // The wasm Conv2D reads its inputs as float32 whatever their dtype.
    throw new Error(`wasm Conv2DBackpropFilter supports float32 only, got x ${x.dtype} and dy ${dy.dtype}`);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4D,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const channelsLast = info.dataFormat === 'channelsLast';
  const [dyH, dyW] = channelsLast ? dy.shape.slice(1, 3) : dy.shape.slice(2, 4);
  if (dyH !== info.outHeight || dyW !== info.outWidth) {
    throw new Error(
      `wasm Conv2DBackpropFilter: dy is ${dyH}x${dyW} but the convolution output is ` +
        `${info.outHeight}x${info.outWidth}`,
    );
  }
  const { filterHeight, filterWidth, inHeight, inWidth, strideHeight, strideWidth } = info;
  if (dyH === 0 || dyW === 0 || info.batchSize === 0) {
    // An empty sum; XNNPACK rejects zero-sized filters, so answer directly.
    const zeros = wasm.makeOutput(info.filterShape, 'float32');
    wasm.typedArrayFromHeap(zeros).fill(0);
    return zeros;
  }

  const { top, left } = info.padInfo;
  // Pad bottom/right just enough for the output to reach filter row/col K-1; rows past the
  // original padded input only ever meet zero padding, exactly as in the forward pass.
  const bottom = Math.max(0, filterHeight + (dyH - 1) * strideHeight - inHeight - top);
  const right = Math.max(0, filterWidth + (dyW - 1) * strideWidth - inWidth - left);

  const temps: TensorInfo[] = [];
  const keep = (info: TensorInfo): TensorInfo => {
    temps.push(info);
    return info;
  };
  try {
    const images = keep(
      callWasmKernel(Transpose, wasm, { x }, { perm: channelsLast ? [3, 1, 2, 0] : [1, 2, 3, 0] }),
    );
    const taps = keep(
      callWasmKernel(Transpose, wasm, { x: dy }, { perm: channelsLast ? [1, 2, 0, 3] : [2, 3, 0, 1] }),
    );
    let grad = keep(
      callWasmKernel(
        Conv2D,
        wasm,
        { x: images, filter: taps },
        {
          strides: [1, 1],
          pad: [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: [strideHeight, strideWidth],
        },
      ),
    );
    const [inChannels, gradH, gradW, outChannels] = grad.shape;
    if (gradH !== filterHeight || gradW !== filterWidth) {
      grad = keep(
        callWasmKernel(
          Slice,
          wasm,
          { x: grad },
          { begin: [0, 0, 0, 0], size: [inChannels, filterHeight, filterWidth, outChannels] },
        ),
      );
    }
    return callWasmKernel(Transpose, wasm, { x: grad }, { perm: [1, 2, 0, 3] });
  } finally {
    for (const temp of temps) {
      wasm.disposeData(temp.dataId);
    }
  }
};

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
