import { GradcamError } from '@gradcam/core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type * as tf from '@tensorflow/tfjs-core';

/** A GraphModel however it was loaded (`loadGraphModelSync` types it by its synchronous handler). */
export type AnyGraphModel = GraphModel<string | tf.io.IOHandler | tf.io.IOHandlerSync>;

/**
 * The parts of the converter's parsed graph (`operations/types.d.ts`) that the adapter reads.
 * Declared here rather than imported from the converter's dist files, which are not public API.
 */
export interface GraphNode {
  name: string;
  op: string;
  /** Tensor names of the inputs (control inputs included, with their `^` stripped). */
  inputNames: string[];
  inputs: GraphNode[];
  children: GraphNode[];
  /** Set on inputs and outputs when the model has a signature. */
  signatureKey?: string;
}

export interface ParsedGraph {
  nodes: Record<string, GraphNode>;
  inputs: GraphNode[];
  outputs: GraphNode[];
  placeholders: GraphNode[];
  weights: GraphNode[];
}

/**
 * The graph behind a GraphModel. TF.js keeps it on the private `executor`; it is the only way to
 * walk node inputs, which finding the tensors that cross a cut needs.
 */
export function parsedGraph(model: AnyGraphModel): ParsedGraph {
  const executor = (model as unknown as { executor?: { graph?: ParsedGraph } }).executor;
  const graph = executor?.graph;
  if (!graph || typeof graph.nodes !== 'object' || !Array.isArray(graph.outputs)) {
    throw new GradcamError(
      'this GraphModel exposes no parsed graph (executor.graph): load it with tf.loadGraphModel ' +
        'from @tensorflow/tfjs-converter 4.x before building an adapter',
    );
  }
  return graph;
}

/** Nodes whose values are stored in the model (Const weights): always available to any run. */
export function isWeight(model: AnyGraphModel, node: GraphNode): boolean {
  return node.op === 'Const' || model.weights[node.name] != null;
}
