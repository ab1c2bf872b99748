import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  _FusedMatMul,
  type _FusedMatMulAttrs,
  Add,
  Elu,
  getKernel,
  type KernelFunc,
  LeakyRelu,
  Prelu,
  Relu,
  Relu6,
  Sigmoid,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { fail } from '../../errors';
import { wrappedKernelFix } from './backend-kernel-fix';

const ACTIVATIONS: Record<string, string> = {
  relu: Relu,
  relu6: Relu6,
  elu: Elu,
  sigmoid: Sigmoid,
  leakyrelu: LeakyRelu,
  prelu: Prelu,
};

/**
 * The WASM kernel adds the bias at the wrong columns when B is transposed or the batch is above 1.
 * The stock kernel is right without a bias, so it runs without one and the bias and activation
 * follow as the WASM backend's own Add and activation kernels.
 */
function biasAfterProduct(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { bias, preluActivationWeights, ...operands } = inputs as Record<string, TensorInfo | undefined>;
    const a = attrs as unknown as _FusedMatMulAttrs;
    if (!bias) return stock(args);
    const wasm = backend as BackendWasm;
    const run = (kernel: string, kernelInputs: Record<string, TensorInfo>, kernelAttrs = {}) =>
      getKernel(kernel, 'wasm').kernelFunc({
        inputs: kernelInputs,
        backend,
        attrs: kernelAttrs,
      }) as TensorInfo;
    const product = stock({
      inputs: operands,
      backend,
      attrs: { ...attrs, activation: 'linear' },
    }) as TensorInfo;
    const biased = run(Add, { a: product, b: bias });
    wasm.disposeData(product.dataId);
    if (!a.activation || a.activation === 'linear') return biased;
    const kernel = ACTIVATIONS[a.activation];
    if (!kernel)
      fail(`_FusedMatMul on WASM: activation '${a.activation}' is not known to @gradcam/core's fix`);
    const activated =
      a.activation === 'prelu'
        ? run(kernel, { x: biased, alpha: preluActivationWeights as TensorInfo })
        : run(kernel, { x: biased }, a.activation === 'leakyrelu' ? { alpha: a.leakyreluAlpha } : {});
    wasm.disposeData(biased.dataId);
    return activated;
  };
}

export const wasmFusedMatMulFix = wrappedKernelFix(
  '_FusedMatMul on WASM, bias',
  _FusedMatMul,
  'wasm',
  biasAfterProduct,
  'the WASM _FusedMatMul adds the bias at the wrong columns when transposeB is set (a PyTorch Linear, x W^T + b, in a converted GraphModel) or the batch is above 1: the bias [0.5, -0.25] lands 0.75 off',
);
