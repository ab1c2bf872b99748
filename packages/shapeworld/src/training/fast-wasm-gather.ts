import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { GatherV2, type GatherV2Attrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { swapWasmKernel } from './swap-wasm-kernel';

/**
 * Rows of `x` along axis 0, copied block by block. The WASM GatherV2 walks the output element by
 * element (78 ms to pick 88 of 24 feature grids of 16x16x64, a third of a VQA training step);
 * a row is contiguous, so one `set` per row does the same in about 2 ms. Indices out of range
 * throw, as the original kernel does.
 */
function fastKernel(original: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x, indices } = inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = attrs as unknown as GatherV2Attrs;
    const wasm = backend as BackendWasm;
    const rows = x.shape[0];
    if (axis !== 0 || (batchDims ?? 0) !== 0 || x.shape.length === 0) return original(args);
    const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const ids = wasm.readSync(indices.dataId) as Int32Array;
    for (const id of ids) {
      if (id < 0 || id >= rows)
        throw new Error(
          `GatherV2: index ${id} is not in [0, ${rows - 1}] (axis 0 of [${x.shape.join(', ')}])`,
        );
    }
    // Views of the heap after the allocation: makeOutput may grow the WASM memory, which detaches
    // every view taken before it.
    const out = wasm.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const source = wasm.typedArrayFromHeap(x);
    const target = wasm.typedArrayFromHeap(out);
    ids.forEach((id, k) => {
      target.set(source.subarray(id * inner, (id + 1) * inner), k * inner);
    });
    return out;
  };
}

/**
 * Swaps the WASM GatherV2 for the one above (training speed only; the same values). Returns a
 * function that restores the original. Call after the WASM backend is registered; a second call
 * is a no-op.
 */
export function useFastWasmGather(): () => void {
  return swapWasmKernel(GatherV2, fastKernel);
}
