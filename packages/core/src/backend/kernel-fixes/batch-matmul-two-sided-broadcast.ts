import {
  BatchMatMul,
  backend_util,
  getKernel,
  type KernelBackend,
  type KernelFunc,
  Reshape,
  type TensorInfo,
  Tile,
} from '@tensorflow/tfjs-core';
import { wrappedKernelFix } from './backend-kernel-fix';
import type { KernelFix } from './kernel-fix';

/**
 * The CPU and WASM BatchMatMul kernels broadcast one operand's batch axes onto the other's, but
 * not both ways: [2,1,3,4] x [3,4,5] gives 3 batches of results where 6 are due. When neither
 * operand has the whole batch shape, A is tiled to it first (the backend's Reshape and Tile
 * kernels), which leaves only B to broadcast.
 */
function tileA(backendName: string): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const aBatch = a.shape.slice(0, -2);
    const bBatch = b.shape.slice(0, -2);
    const batch = backend_util.assertAndGetBroadcastShape(aBatch, bBatch);
    const covers = (s: number[]) => s.length === batch.length && s.every((d, i) => d === batch[i]);
    if (covers(aBatch) || covers(bBatch)) return stock(args);
    const run = (kernel: string, x: TensorInfo, kernelAttrs: object) =>
      getKernel(kernel, backendName).kernelFunc({
        inputs: { x },
        backend,
        attrs: kernelAttrs as never,
      }) as TensorInfo;
    const padded = [...Array(batch.length - aBatch.length).fill(1), ...a.shape];
    const reshaped = run(Reshape, a, { shape: padded });
    const tiled = run(Tile, reshaped, { reps: [...batch.map((d, i) => d / padded[i]), 1, 1] });
    try {
      return stock({ inputs: { ...inputs, a: tiled }, backend, attrs });
    } finally {
      for (const t of [reshaped, tiled]) (backend as KernelBackend).disposeData(t.dataId);
    }
  };
}

const why = (backend: string) =>
  `the ${backend} BatchMatMul broadcasts batch axes one way only: [2,1,3,4] x [3,4,5] yields a [2,3,3,5] tensor holding 45 values instead of 90`;

export const batchMatMulTwoSidedFixes: KernelFix[] = ['cpu', 'wasm'].map((backend) =>
  wrappedKernelFix(
    `BatchMatMul on ${backend.toUpperCase()}, batch axes broadcast both ways`,
    BatchMatMul,
    backend,
    tileA(backend),
    why(backend.toUpperCase()),
  ),
);
