import * as tf from '@tensorflow/tfjs-core';
import { REFUSED } from '../backend/kernel-fixes/refused';
import { GradcamError } from '../errors';

const MISSING_KERNEL = /Kernel '([^']+)' not registered for backend '([^']+)'/;
const MISSING_GRADIENT = /gradient function not found for (\w+)/;

/**
 * TF.js keeps (outside every tidy) the tensors each taped op saves for its gradient, and frees them
 * only at the end of a backward pass that succeeds: a forward or backward pass that throws leaves
 * them behind. With no outer gradient in progress the tape belongs to the failed pass alone.
 */
function releaseFailedTape(): void {
  const state = tf.engine().state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null as unknown as typeof state.activeTape;
}

/**
 * A missing kernel or gradient, or a refused one, becomes an error that says which, where, and what
 * to do about it.
 */
function named(error: unknown, layer: string, pass: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof GradcamError && message.startsWith(REFUSED)) {
    return new GradcamError(
      `the ${pass} at layer '${layer}' was refused: ${message.slice(REFUSED.length).trim()}`,
      {
        cause: error,
      },
    );
  }
  const noGradient = MISSING_GRADIENT.exec(message);
  if (noGradient) {
    return new GradcamError(
      `the ${pass} at layer '${layer}' goes through TF.js kernel '${noGradient[1]}', which has no gradient in TF.js ` +
        `(backend '${tf.getBackend()}'): explain a layer after it, or report the op so that @gradcam/core can supply its gradient`,
      { cause: error },
    );
  }
  const missing = MISSING_KERNEL.exec(message);
  if (!missing) return error;
  const [, kernel, backend] = missing;
  return new GradcamError(
    `the ${pass} at layer '${layer}' needs the TF.js kernel '${kernel}', which backend '${backend}' does not have: ` +
      `run on another backend (selectBackend('cpu'), or tf.setBackend), or report the op so that @gradcam/core can supply the kernel`,
    { cause: error },
  );
}

/**
 * Runs a function that takes gradients (synchronously); if it throws, frees what the failed pass
 * kept and rethrows, naming the layer when a kernel or gradient is missing or refused.
 */
export function takingGradients<T>(layer: string, pass: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    releaseFailedTape();
    throw named(error, layer, pass);
  }
}
