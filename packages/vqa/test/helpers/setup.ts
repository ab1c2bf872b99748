// The engine's package first: it wires tfjs-core's chained ops and gradients before anything runs.
import { registerWasmGradientKernels } from '@gradcam/core';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

/** The WASM backend with the project's gradient kernels: about 12x faster than CPU for these tests. */
export async function useWasm(): Promise<void> {
  registerWasmGradientKernels();
  await tf.setBackend('wasm');
  await tf.ready();
}
