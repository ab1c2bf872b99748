import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';

/**
 * Replaces the WASM backend's kernel `name` by `wrap(original)`, which may hand any case back to
 * the original. Returns a function that restores the original. Call after the WASM backend is
 * registered; a second call while swapped is a no-op (its restore function does nothing).
 */
export function swapWasmKernel(name: string, wrap: (original: KernelFunc) => KernelFunc): () => void {
  const original = getKernel(name, 'wasm');
  if (!original)
    throw new Error(`the WASM backend has no '${name}' kernel: import @tensorflow/tfjs-backend-wasm first`);
  if ((original as { fast?: boolean }).fast) return () => {};
  const config: KernelConfig & { fast: boolean } = {
    ...original,
    kernelFunc: wrap(original.kernelFunc),
    fast: true,
  };
  unregisterKernel(name, 'wasm');
  registerKernel(config);
  return () => {
    unregisterKernel(name, 'wasm');
    registerKernel(original);
  };
}
