export {
  type AnyGraphModel,
  type GraphContext,
  type GraphModelAdapter,
  type GraphModelAdapterOptions,
  type GraphNodeInfo,
  graphModelAdapter,
  graphModelAdapters,
  type ListGraphNodesOptions,
  listGraphNodes,
} from './graph';
export { fileSystemLoader, fileSystemSaver, modelJsonPath } from './io/file-system';
export { checkShardBytes, type ShardBytes, weightSpecBytes } from './io/shard-bytes';
export {
  type LayersAdapter,
  type LayersAdapterOptions,
  type LayersContext,
  layersModelAdapter,
  layersModelAdapters,
} from './layers/adapter';
export { type LayerInfo, listLayers } from './layers/list-layers';
export type { LayersInput } from './layers/model-input';
export { type LoadedModel, loadModel } from './load';
export {
  type BodyExecution,
  onOnnxRuntime,
  type WithBodyExecution,
  withOnnxRuntimeBody,
} from './onnx-body/onnx-body';
