import { type GradConfig, getGradient, registerGradient } from '@tensorflow/tfjs-core';
import type { KernelFix } from './kernel-fix';

/**
 * A corrected gradient: registered for every backend (TF.js keeps one gradient per kernel), with
 * the stock one kept to put back.
 */
export function gradientFix(id: string, config: GradConfig, why: string): KernelFix {
  let stock: GradConfig | undefined;
  return {
    id,
    kernel: config.kernelName,
    kind: 'gradient',
    backends: 'all',
    why,
    apply() {
      const current = getGradient(config.kernelName);
      if (current === config) return;
      stock = current;
      registerGradient(config);
    },
    restore() {
      if (getGradient(config.kernelName) !== config || !stock) return;
      registerGradient(stock);
    },
  };
}
