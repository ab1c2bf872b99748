import type * as tf from '@tensorflow/tfjs-core';
import type { AnyGraphModel, GraphNode, ParsedGraph } from '../graph/graph-access';
import type { GraphFacts } from '../graph/probe';
import type { GraphView, TensorRef } from '../layers/graph-view';
import type { LayersInput } from '../layers/model-input';

/** What an adapter's body computes, kept beside the adapter so that it can be exported later. */
export type BodySpec =
  | {
      kind: 'layers';
      view: GraphView;
      cut: TensorRef;
      crossing: TensorRef[];
      /** The model's inputs in order, shape-checked. */
      inputs: (input: LayersInput) => tf.Tensor[];
    }
  | {
      kind: 'graph';
      model: AnyGraphModel;
      graph: ParsedGraph;
      facts: GraphFacts;
      input: GraphNode;
      cut: GraphNode;
      crossing: string[];
    };

const specs = new WeakMap<object, BodySpec>();

export function registerBody<A extends object>(adapter: A, spec: BodySpec): A {
  specs.set(adapter, spec);
  return adapter;
}

export function bodySpecOf(adapter: object): BodySpec | undefined {
  return specs.get(adapter);
}
