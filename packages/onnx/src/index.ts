// tfjs-core's main module first, then @gradcam/core, which registers the gradients of TF.js ops
// (without them no backward pass runs) into that same engine.
import '@tensorflow/tfjs-core';
import '@gradcam/core';

export {
  type OnnxAdapter,
  type OnnxAdapterOptions,
  type OnnxContext,
  onnxModelAdapter,
  type TokenLayout,
  type TokenOption,
} from './adapter/adapter';
export { type ImageLayout, imageLayout } from './adapter/image-layout';
export { type ListTensorsOptions, listTensors, type OnnxTensorInfo } from './adapter/list-tensors';
export { type ExecuteOptions, OnnxExecutor } from './executor/executor';
export {
  type ExternalDataResolver,
  type LoadFileOptions,
  type LoadOptions,
  loadOnnx,
  loadOnnxFile,
  parseOnnx,
} from './load';
export { supportedOps } from './ops/registry';
export type { OpContext, OpImpl, OpTable, RunOptions } from './ops/types';
export { encodeModel, withExtraOutputs } from './proto/encode';
export { readOnnxMetadata } from './proto/metadata';
export type {
  OnnxAttribute,
  OnnxDataType,
  OnnxDim,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxTensorData,
  OnnxValueInfo,
} from './proto/types';
export { ProtoWriter } from './proto/writer';
export {
  findOnnxRuntime,
  type OnnxRuntime,
  type RuntimeSession,
  setOnnxRuntimeThreads,
} from './runtime/onnxruntime';
export { SplitRuntime } from './runtime/split';
