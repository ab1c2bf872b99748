// tfjs-core's main module before @gradcam/core, whose built bundle registers gradients and
// chained ops on the engine this import creates (with tsx, one copy of tfjs-core is shared).
import '@tensorflow/tfjs-core';
import { registerWasmGradientKernels } from '@gradcam/core';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { useFastWasmConvBackpropInput } from '../src/training/fast-conv-backprop-input';
import { useFastWasmGather } from '../src/training/fast-wasm-gather';
import { useFastWasmMatMul } from '../src/training/fast-wasm-matmul';

/**
 * The WASM backend for training: @gradcam/core's kernel fixes (among them the Conv2DBackpropFilter
 * and the UnsortedSegmentSum, which embeddings' gradients need, that WASM lacks) and the XNNPACK
 * input gradient, 3x faster per step.
 */
export async function useWasmForTraining(): Promise<string> {
  registerWasmGradientKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend failed to initialise');
  await tf.ready();
  useFastWasmConvBackpropInput();
  useFastWasmMatMul();
  useFastWasmGather();
  return tf.getBackend();
}
