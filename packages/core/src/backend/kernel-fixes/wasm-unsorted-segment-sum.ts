import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';
import { backendKernelFix } from './backend-kernel-fix';

/**
 * out[s] = sum of the rows x[i] whose segment id is s. A row is contiguous, so it is added with one
 * pass over a subarray. Ids outside [0, numSegments) are dropped, as the CPU backend does.
 */
const unsortedSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  const wasm = backend as BackendWasm;
  const idRank = segmentIds.shape.length;
  if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(
      `wasm UnsortedSegmentSum: segmentIds [${segmentIds.shape}] is not a prefix of x [${x.shape}]`,
    );
  }
  const inner = x.shape.slice(idRank);
  const rowSize = inner.reduce((a, b) => a * b, 1);
  const out = wasm.makeOutput([numSegments, ...inner], x.dtype);
  // Views are taken after makeOutput: an allocation may grow the heap and detach older views.
  const source = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  const target = wasm.typedArrayFromHeap(out);
  target.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const from = i * rowSize;
    const to = s * rowSize;
    for (let j = 0; j < rowSize; j++) target[to + j] += source[from + j];
  }
  return out;
};

const config: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};

export const wasmUnsortedSegmentSumFix = backendKernelFix(
  'UnsortedSegmentSum on WASM (missing)',
  config,
  "the WASM backend has no UnsortedSegmentSum, which the GatherV2 gradient needs (a ViT's class-token Gather): \"Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'\"",
);
