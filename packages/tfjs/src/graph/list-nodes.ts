import type * as tf from '@tensorflow/tfjs-core';
import { type CutSpace, cutSpace, defaultNode, explainableNodes, type NodeChoice } from './candidates';
import { type AnyGraphModel, isWeight, parsedGraph } from './graph-access';
import { allOutputs, resolveInput, resolveOutput, scoredTensor } from './model-ends';
import { probeGraph } from './probe';
import { topologicalOrder } from './topology';

export interface GraphNodeInfo {
  name: string;
  op: string;
  /** Tensor names the node reads. */
  inputs: string[];
  /** Shape of the first output (batch 1 where the model leaves the batch open), when known. */
  shape?: number[];
  dtype?: tf.DataType;
  /** True when the model can be cut here: a 4-D float map computed from the input that leads to the output. */
  explainable: boolean;
  /** The node explained when none is named (none when the graph has several outputs and none was named). */
  isDefault: boolean;
  /** On the default row: why it is the default. */
  defaultReason?: string;
}

export interface ListGraphNodesOptions {
  output?: string;
  inputName?: string;
  scoreBeforeSoftmax?: boolean;
  /** See `GraphModelAdapterOptions.inputShape`. */
  inputShape?: number[];
}

/** Every node of the graph in execution order, with its measured output and whether it can be explained. */
export function listGraphNodes(model: AnyGraphModel, options: ListGraphNodesOptions = {}): GraphNodeInfo[] {
  const graph = parsedGraph(model);
  const input = resolveInput(graph, options.inputName);
  const facts = probeGraph(model, graph, options.inputShape ? { [input.name]: options.inputShape } : {});
  // Without a named output, a node is explainable for any of them; only one output has a default.
  const outputs =
    options.output === undefined && graph.outputs.length > 1
      ? allOutputs(model, graph)
      : [resolveOutput(model, graph, options.output)];
  const spaces = outputs.map((output) =>
    cutSpace(graph, facts, input, scoredTensor(graph, output, options.scoreBeforeSoftmax ?? true).tensor),
  );
  const explainable = new Set(spaces.flatMap((space) => explainableNodes(space).map((n) => n.name)));
  const chosen = spaces.length === 1 ? defaultChoice(spaces[0]) : undefined;
  return topologicalOrder(graph).map((node) => {
    const weight = isWeight(model, node) ? model.weights[node.name]?.[0] : undefined;
    const measured = facts.get(node.name) ?? (weight && { shape: weight.shape.slice(), dtype: weight.dtype });
    return {
      name: node.name,
      op: node.op,
      inputs: node.inputNames.slice(),
      ...(measured ? { shape: measured.shape, dtype: measured.dtype } : {}),
      explainable: explainable.has(node.name),
      isDefault: node.name === chosen?.node.name,
      ...(node.name === chosen?.node.name ? { defaultReason: chosen.reason.replace(/^default: /, '') } : {}),
    };
  });
}

function defaultChoice(space: CutSpace): NodeChoice | undefined {
  try {
    return defaultNode(space);
  } catch {
    return undefined; // no spatial map leads to the output: nothing is chosen by default
  }
}
