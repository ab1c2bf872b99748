import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';

/**
 * `out[s, ...] = sum of x[i, ...] over i with segmentIds[i] = s`, where segmentIds covers the
 * leading axes of x. A plain loop over the heap: the gradient of `gather` (every word embedding's
 * gradient) is this kernel, and the WASM backend has none, so training an embedding failed there.
 */
const segmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  const wasm = backend as BackendWasm;
  const lead = segmentIds.shape.length;
  if (x.shape.slice(0, lead).join() !== segmentIds.shape.join()) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds [${segmentIds.shape.join(', ')}] must be a prefix of x's shape [${x.shape.join(', ')}]`,
    );
  }
  const rowShape = x.shape.slice(lead);
  const inner = rowShape.reduce((a, b) => a * b, 1);
  const values = wasm.readSync(x.dataId) as Float32Array | Int32Array;
  const ids = wasm.readSync(segmentIds.dataId) as Int32Array;
  const out = wasm.makeOutput([numSegments, ...rowShape], x.dtype);
  const sums = wasm.typedArrayFromHeap(out) as Float32Array | Int32Array;
  sums.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    // TensorFlow drops rows whose id is negative or out of range; so does this.
    if (s < 0 || s >= numSegments) continue;
    const from = i * inner;
    const to = s * inner;
    for (let k = 0; k < inner; k++) sums[to + k] += values[from + k];
  }
  return out;
};

const CONFIG: KernelConfig = { kernelName: UnsortedSegmentSum, backendName: 'wasm', kernelFunc: segmentSum };

/** Registers the kernel on the WASM backend unless one is there already (idempotent). */
export function registerWasmSegmentSum(): void {
  if (!getKernel(UnsortedSegmentSum, 'wasm')) registerKernel(CONFIG);
}
