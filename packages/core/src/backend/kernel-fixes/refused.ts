import { type GradConfig, getBackend, MaxPool3D, type NamedAttrMap } from '@tensorflow/tfjs-core';
import { fail } from '../../errors';
import { wrappedGradientFix } from './gradient-fix';
import type { KernelFix } from './kernel-fix';

/** Starts the message of every refusal, so that the engine can add the explained layer. */
export const REFUSED = 'refused:';

/** A gradient known to be wrong in some cases that @gradcam/core does not correct (yet). */
export interface RefusedCase {
  kernel: string;
  backends: readonly string[] | 'all';
  /** What is wrong, with the smallest case that shows it. */
  why: string;
  /** Whether a call with these attributes, on this backend, is one of the wrong cases. */
  applies(attrs: NamedAttrMap, backend: string): boolean;
}

export const REFUSED_CASES: readonly RefusedCase[] = [
  {
    kernel: MaxPool3D,
    backends: ['wasm'],
    why: 'the WASM MaxPool3DGrad sends the gradient of a window whose maximum is <= 0 to the wrong cell, as its 2-D kernel does (relative error 1.2 on negative inputs)',
    applies: () => true,
  },
];

function refusing(c: RefusedCase): KernelFix {
  return wrappedGradientFix(
    `${c.kernel} gradient: refused (${c.backends === 'all' ? 'all backends' : c.backends.join(', ')})`,
    c.kernel,
    c.why,
    (stock: GradConfig) => (dy, saved, attrs) => {
      const backend = getBackend();
      if ((c.backends === 'all' || c.backends.includes(backend)) && c.applies(attrs, backend)) {
        fail(
          `${REFUSED} the gradient of TF.js kernel '${c.kernel}' on backend '${backend}' is known to be wrong here: ${c.why}. ` +
            'Explain a layer after it, use another backend, or report the model so that @gradcam/core can correct the kernel',
        );
      }
      return stock.gradFunc(dy, saved, attrs);
    },
    () => true,
  );
}

/** Known-wrong gradients turned into errors that name them, instead of silently wrong maps. */
export const refusals: readonly KernelFix[] = REFUSED_CASES.map(refusing);
