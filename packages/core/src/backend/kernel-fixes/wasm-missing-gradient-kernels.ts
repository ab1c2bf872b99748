import { conv2DBackpropFilterConfig } from '../wasm-gradient-kernels/conv2d-backprop-filter';
import { depthwiseConv2dNativeBackpropFilterConfig } from '../wasm-gradient-kernels/depthwise-backprop-filter';
import { depthwiseConv2dNativeBackpropInputConfig } from '../wasm-gradient-kernels/depthwise-backprop-input';
import { backendKernelFix } from './backend-kernel-fix';

const missing = (what: string) =>
  `the WASM backend has no ${what} kernel, so gradients with respect to the filter (or through a depthwise convolution) throw "Kernel not registered for backend 'wasm'"`;

export const wasmConv2DBackpropFilterFix = backendKernelFix(
  'Conv2DBackpropFilter on WASM (missing)',
  conv2DBackpropFilterConfig,
  missing('Conv2DBackpropFilter'),
);

export const wasmDepthwiseBackpropFilterFix = backendKernelFix(
  'DepthwiseConv2dNativeBackpropFilter on WASM (missing)',
  depthwiseConv2dNativeBackpropFilterConfig,
  missing('DepthwiseConv2dNativeBackpropFilter'),
);

export const wasmDepthwiseBackpropInputFix = backendKernelFix(
  'DepthwiseConv2dNativeBackpropInput on WASM (missing)',
  depthwiseConv2dNativeBackpropInputConfig,
  missing('DepthwiseConv2dNativeBackpropInput'),
);
