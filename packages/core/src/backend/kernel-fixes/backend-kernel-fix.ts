import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelFix } from './kernel-fix';

/**
 * Our kernel in place of a backend's wrong or missing one. The backend package registers its own
 * kernels when it is imported, and registerKernel refuses duplicates, so apply unregisters first;
 * a package imported after apply overwrites ours, which the next apply (every explain) undoes.
 */
export function backendKernelFix(id: string, config: KernelConfig, why: string): KernelFix {
  const backend = config.backendName;
  let stock: KernelConfig | undefined;
  return {
    id,
    kernel: config.kernelName,
    kind: 'kernel',
    backends: [backend],
    why,
    apply() {
      const current = getKernel(config.kernelName, backend);
      if (current?.kernelFunc === config.kernelFunc) return;
      stock = current;
      if (current) unregisterKernel(config.kernelName, backend);
      registerKernel(config);
    },
    restore() {
      if (getKernel(config.kernelName, backend)?.kernelFunc !== config.kernelFunc) return;
      unregisterKernel(config.kernelName, backend);
      if (stock) registerKernel(stock);
    },
  };
}
