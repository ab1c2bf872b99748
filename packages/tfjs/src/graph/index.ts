export {
  type GraphContext,
  type GraphModelAdapter,
  type GraphModelAdapterOptions,
  graphModelAdapter,
  graphModelAdapters,
} from './adapter';
export type { AnyGraphModel } from './graph-access';
export { type GraphNodeInfo, type ListGraphNodesOptions, listGraphNodes } from './list-nodes';
