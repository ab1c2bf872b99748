// tfjs-core first, then the engine's package: it wires chained ops and gradients onto this engine.
import '@tensorflow/tfjs-core';
import { registerWasmGradientKernels } from '@gradcam/core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

/** The WASM backend with the project's gradient kernels. */
export async function useWasm(): Promise<void> {
  registerWasmGradientKernels();
  await tf.setBackend('wasm');
  await tf.ready();
}
