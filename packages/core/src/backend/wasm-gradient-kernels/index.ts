import {
  Conv2DBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  getKernel,
  UnsortedSegmentSum,
} from '@tensorflow/tfjs-core';
import { applyKernelFixes } from '../kernel-fixes';

export { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
export { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-backprop-filter';
export { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-backprop-input';

/** The gradient kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks and kernel-fixes/ supplies. */
export const WASM_GRADIENT_KERNELS: readonly string[] = [
  Conv2DBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  UnsortedSegmentSum,
];

/**
 * Applies every kernel fix for 'wasm' (the missing gradient kernels and the corrected ones) and
 * returns the names of the missing kernels it registered: none on a second call, or with a later
 * TF.js release that has them. Kept for callers that activate WASM themselves; explain() applies
 * the same fixes on entry.
 */
export function registerWasmGradientKernels(): string[] {
  const missing = WASM_GRADIENT_KERNELS.filter((name) => getKernel(name, 'wasm') === undefined);
  applyKernelFixes('wasm');
  return missing;
}
