// tfjs-core's main module first: it creates the engine and wires tensors to their ops; the
// registrations below (inlined copies in the bundle) must find that engine, not make their own.
import '@tensorflow/tfjs-core';
// tfjs-core alone does not add the chained tensor methods (x.mean(), x.relu()) that the engine uses.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
// ... nor the gradients of its ops, without which no backward pass runs.
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export {
  applyKernelFixes,
  KERNEL_FIXES,
  type KernelFix,
  REFUSED_CASES,
  type RefusedCase,
  restoreStockKernels,
} from './backend/kernel-fixes';
export { type BackendChoice, type BackendPreference, selectBackend } from './backend/select';
export { registerWasmGradientKernels, WASM_GRADIENT_KERNELS } from './backend/wasm-gradient-kernels';
export { DEFAULT_VERIFY } from './engine/verify-options';
export { checkWordCount, fail, GradcamError, type WordLimit } from './errors';
export { explain } from './explain';
export { withGuidedRelu } from './guided/guided-mode';
export { guidedClippedRelu, guidedRelu, guidedRelu6 } from './guided/guided-relu';
export { type Box, boxIoU, type LocalizeOptions, localize } from './localize';
export type {
  ActivationMethod,
  CamMethod,
  ChannelWeightMethod,
  GradientMethod,
  PerturbationMethod,
  PerturbationProbe,
  RawMapMethod,
} from './methods/method';
export { getMethod, methodNames, registerMethod } from './methods/registry';
export { minMaxPerMap, resizeMaps, weightedChannelSum } from './postprocess/maps';
export { seededGaussian, seededUniform } from './random';
export {
  characterTarget,
  type SequencePick,
  type SequenceTargetOptions,
  sequenceTarget,
  stringTarget,
} from './sequence-targets';
export {
  answerTarget,
  captionTarget,
  classTarget,
  outputTarget,
  predictedTarget,
  selectOutput,
  wordTarget,
} from './targets';
export { EMOJI_WORD } from './text/emoji-word';
export type * from './types';
