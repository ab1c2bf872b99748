import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  getKernel,
  type KernelFunc,
  type TensorInfo,
  Transpose,
} from '@tensorflow/tfjs-core';
import { swapWasmKernel } from './swap-wasm-kernel';

/** `x` with its last two axes swapped, by the WASM Transpose kernel (a copy the caller disposes). */
function swapLastAxes(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const transpose = getKernel(Transpose, 'wasm');
  if (!transpose) throw new Error("the wasm 'Transpose' kernel is not registered");
  const perm = x.shape.map((_, i) => i);
  const rank = perm.length;
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

/**
 * The WASM BatchMatMul is 8-9x slower when asked to transpose an operand (80 ms against 9 ms for
 * a [22528, 48] x [48, 64] product) and every matrix product's gradient asks for it: dA = dy Bᵀ,
 * dB = Aᵀ dy. An explicit transpose costs a copy and makes the product take the fast path; the
 * numbers are the same products summed in the same order.
 */
function fastKernel(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    if (!transposeA && !transposeB) return original(args);
    const wasm = backend as BackendWasm;
    const left = transposeA ? swapLastAxes(wasm, a) : a;
    const right = transposeB ? swapLastAxes(wasm, b) : b;
    try {
      return original({
        inputs: { a: left, b: right },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      }) as TensorInfo;
    } finally {
      if (left !== a) wasm.disposeData(left.dataId);
      if (right !== b) wasm.disposeData(right.dataId);
    }
  };
}

/**
 * Swaps the WASM BatchMatMul for the one above (training speed only). Returns a function that
 * restores the original. Call after the WASM backend is registered; a second call is a no-op.
 */
export function useFastWasmMatMul(): () => void {
  return swapWasmKernel(BatchMatMul, fastKernel);
}
