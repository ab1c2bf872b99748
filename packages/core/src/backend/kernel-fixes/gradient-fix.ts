import { type GradConfig, getGradient, registerGradient, unregisterGradient } from '@tensorflow/tfjs-core';
import type { KernelFix } from './kernel-fix';

/**
 * A corrected or missing gradient: registered for every backend (TF.js keeps one gradient per
 * kernel), with the stock one (if any) kept to put back.
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
      if (getGradient(config.kernelName) !== config) return;
      if (stock) registerGradient(stock);
      else unregisterGradient(config.kernelName);
    },
  };
}

const wrapsStock = Symbol('gradcam: wraps the stock gradient');
type Wrapping = GradConfig & { [wrapsStock]?: GradConfig };

/**
 * Our gradient around the stock one, for a gradient that is wrong or missing only in some cases:
 * `wrap` receives the stock config and may hand the other cases back to its gradFunc. Applied only
 * when `fits` accepts the stock config (it saves what the wrapper reads).
 */
export function wrappedGradientFix(
  id: string,
  kernelName: string,
  why: string,
  wrap: (stock: GradConfig) => GradConfig['gradFunc'],
  fits: (stock: GradConfig) => boolean,
): KernelFix {
  return {
    id,
    kernel: kernelName,
    kind: 'gradient',
    backends: 'all',
    why,
    apply() {
      const current = getGradient(kernelName) as Wrapping | undefined;
      if (!current || current[wrapsStock] || !fits(current)) return;
      const ours: Wrapping = { ...current, gradFunc: wrap(current), [wrapsStock]: current };
      registerGradient(ours);
    },
    restore() {
      const stock = (getGradient(kernelName) as Wrapping | undefined)?.[wrapsStock];
      if (stock) registerGradient(stock);
    },
  };
}
