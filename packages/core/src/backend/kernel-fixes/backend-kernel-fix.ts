import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
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

const wrapsStock = Symbol('gradcam: wraps the stock kernel');
type Wrapping = KernelConfig & { [wrapsStock]?: KernelConfig };

/**
 * Our kernel around the backend's own, for a kernel that is wrong only in some cases: `wrap`
 * receives the stock kernel function and may hand the other cases back to it.
 */
export function wrappedKernelFix(
  id: string,
  kernelName: string,
  backend: string,
  wrap: (stock: KernelFunc) => KernelFunc,
  why: string,
): KernelFix {
  return {
    id,
    kernel: kernelName,
    kind: 'kernel',
    backends: [backend],
    why,
    apply() {
      const current = getKernel(kernelName, backend) as Wrapping | undefined;
      if (!current || current[wrapsStock]) return;
      const ours: Wrapping = { ...current, kernelFunc: wrap(current.kernelFunc), [wrapsStock]: current };
      unregisterKernel(kernelName, backend);
      registerKernel(ours);
    },
    restore() {
      const stock = (getKernel(kernelName, backend) as Wrapping | undefined)?.[wrapsStock];
      if (!stock) return;
      unregisterKernel(kernelName, backend);
      registerKernel(stock);
    },
  };
}
