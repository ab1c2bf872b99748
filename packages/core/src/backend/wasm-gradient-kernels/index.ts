import {
  Conv2DBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  getKernel,
  type KernelConfig,
  registerKernel,
} from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-backprop-filter';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-backprop-input';

export { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
export { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-backprop-filter';
export { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-backprop-input';

/** The gradient kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks and this module supplies. */
export const WASM_GRADIENT_KERNELS: readonly string[] = [
  Conv2DBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
];

const CONFIGS: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
];

/**
 * Registers the missing wasm gradient kernels and returns the names it registered.
 * Kernels already present for 'wasm' (a later TF.js release, or a second call) are left
 * alone, because registerKernel warns and overwrites on duplicates.
 */
export function registerWasmGradientKernels(): string[] {
  const registered: string[] = [];
  for (const config of CONFIGS) {
    if (getKernel(config.kernelName, 'wasm') !== undefined) continue;
    registerKernel(config);
    registered.push(config.kernelName);
  }
  return registered;
}
