import { avgPool3dGradientFix, avgPoolGradientFix } from './avg-pool-gradient';
import { batchMatMulTwoSidedFixes } from './batch-matmul-two-sided-broadcast';
import { batchNormAbsentScaleFix } from './batch-norm-absent-scale';
import {
  batchMatMulBroadcastFix,
  maximumBroadcastFix,
  minimumBroadcastFix,
  squaredDifferenceBroadcastFix,
} from './broadcast-gradients';
import { comparisonGradientFixes } from './comparison-gradients';
import { cumsumGradientFix } from './cumsum-gradient';
import { conv2dDilationFix, depthwiseDilationFix } from './dilated-conv-gradients';
import { fusedConv2dGradientFix, fusedDepthwiseGradientFix } from './fused-conv2d-gradient';
import type { KernelFix } from './kernel-fix';
import { webglMaxPoolFirstMaxFix } from './max-pool-first-max-ops';
import { mirrorPadGradientFix } from './mirror-pad-gradient';
import { maxTiesFix, minTiesFix } from './reduce-extreme-ties';
import { refusals } from './refused';
import { resizeBilinearGradientFix, resizeNearestNeighborGradientFix } from './resize-gradients';
import { stridedSliceGradientFix } from './strided-slice-gradient';
import { wasmFusedMatMulFix } from './wasm-fused-matmul';
import { wasmMaxPoolGradFix } from './wasm-max-pool-grad';
import {
  wasmConv2DBackpropFilterFix,
  wasmDepthwiseBackpropFilterFix,
  wasmDepthwiseBackpropInputFix,
} from './wasm-missing-gradient-kernels';
import { wasmStridedSliceIntFix } from './wasm-strided-slice-int';
import { wasmUnsortedSegmentSumFix } from './wasm-unsorted-segment-sum';

export type { KernelFix } from './kernel-fix';
export { REFUSED_CASES, type RefusedCase } from './refused';

/**
 * Every TF.js kernel or gradient that the gradient conformance suite found wrong or missing, with
 * the corrected one we register in its place. One file per fix; a fix joins by one line here.
 */
export const KERNEL_FIXES: readonly KernelFix[] = [
  batchNormAbsentScaleFix,
  avgPoolGradientFix,
  avgPool3dGradientFix,
  wasmMaxPoolGradFix,
  webglMaxPoolFirstMaxFix,
  wasmFusedMatMulFix,
  wasmStridedSliceIntFix,
  wasmUnsortedSegmentSumFix,
  wasmConv2DBackpropFilterFix,
  wasmDepthwiseBackpropFilterFix,
  wasmDepthwiseBackpropInputFix,
  batchMatMulBroadcastFix,
  ...batchMatMulTwoSidedFixes,
  squaredDifferenceBroadcastFix,
  minimumBroadcastFix,
  maximumBroadcastFix,
  mirrorPadGradientFix,
  stridedSliceGradientFix,
  resizeBilinearGradientFix,
  resizeNearestNeighborGradientFix,
  ...comparisonGradientFixes,
  cumsumGradientFix,
  maxTiesFix,
  minTiesFix,
  conv2dDilationFix,
  depthwiseDilationFix,
  fusedConv2dGradientFix,
  fusedDepthwiseGradientFix,
  ...refusals,
];

function appliesTo(fix: KernelFix, backend: string): boolean {
  return fix.backends === 'all' || fix.backends.includes(backend);
}

/**
 * Registers the fixes for `backend` (idempotent: a fix already in place is left alone) and returns
 * the ids of those that are in force, for `selectBackend` to report.
 */
export function applyKernelFixes(backend: string): string[] {
  const applied: string[] = [];
  for (const fix of KERNEL_FIXES) {
    if (!appliesTo(fix, backend)) continue;
    fix.apply(backend);
    applied.push(fix.id);
  }
  return applied;
}

/** Puts back TF.js's own kernels and gradients: what the conformance suite calls 'stock'. */
export function restoreStockKernels(backend: string): void {
  for (const fix of KERNEL_FIXES) if (appliesTo(fix, backend)) fix.restore(backend);
}
