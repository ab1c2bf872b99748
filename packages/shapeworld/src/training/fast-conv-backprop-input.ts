import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Conv2D,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  getKernel,
  type KernelFunc,
  type NamedAttrMap,
  Reverse,
  type TensorInfo,
  Transpose,
} from '@tensorflow/tfjs-core';
import { swapWasmKernel } from './swap-wasm-kernel';

function runWasm(
  name: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
) {
  const kernel = getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the wasm '${name}' kernel is not registered`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

const pair = (v: number | [number, number]) => (typeof v === 'number' ? [v, v] : v);

/**
 * Whether the input gradient of this convolution is a plain 'same' convolution of dy: stride 1,
 * 'same' padding, odd kernel, NHWC. Those are the only convolutions the encoder has.
 */
function isSameStrideOne(attrs: Conv2DBackpropInputAttrs, filter: TensorInfo): boolean {
  const [sh, sw] = pair(attrs.strides);
  const [kh, kw] = filter.shape;
  return (
    sh === 1 &&
    sw === 1 &&
    attrs.pad === 'same' &&
    kh % 2 === 1 &&
    kw % 2 === 1 &&
    attrs.dataFormat === 'NHWC'
  );
}

/**
 * The WASM backend's own Conv2DBackpropInput is a scalar loop, 12x slower than its XNNPACK Conv2D,
 * and two thirds of a training step of the encoder. For stride 1 and 'same' padding,
 * dx = conv2d(dy, W') with W'[i, j, co, ci] = W[kh-1-i, kw-1-j, ci, co]: the filter rotated by
 * 180 degrees with its channel axes swapped. Every other case goes to the original kernel.
 */
function fastKernel(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const convAttrs = attrs as unknown as Conv2DBackpropInputAttrs;
    if (!isSameStrideOne(convAttrs, filter)) return original(args);
    const wasm = backend as BackendWasm;
    const rotated = runWasm(Reverse, wasm, { x: filter }, { dims: [0, 1] });
    const swapped = runWasm(Transpose, wasm, { x: rotated }, { perm: [0, 1, 3, 2] });
    wasm.disposeData(rotated.dataId);
    try {
      return runWasm(
        Conv2D,
        wasm,
        { x: dy, filter: swapped },
        { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] },
      );
    } finally {
      wasm.disposeData(swapped.dataId);
    }
  };
}

/**
 * Swaps the WASM Conv2DBackpropInput for the XNNPACK-backed one above (training speed only; the
 * numbers are the same up to float rounding). Returns a function that restores the original.
 * Call after the WASM backend is registered; a second call is a no-op.
 */
export function useFastWasmConvBackpropInput(): () => void {
  return swapWasmKernel(Conv2DBackpropInput, fastKernel);
}
