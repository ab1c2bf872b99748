import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { type AnyGraphModel, type GraphNode, isWeight, type ParsedGraph } from './graph-access';
import { canonicalTensorName, parseTensorName } from './tensor-name';
import { ancestors, descendants, topologicalOrder } from './topology';

export interface TensorFacts {
  shape: number[];
  dtype: tf.DataType;
}

/** Shape and dtype of every tensor computed from the inputs, by canonical tensor name. */
export type GraphFacts = Map<string, TensorFacts>;

const cache = new WeakMap<AnyGraphModel, { key: string; facts: GraphFacts }>();

/** Bytes of measured tensors held at once; larger graphs are measured over several runs. */
const PROBE_BUDGET_BYTES = 256 * 2 ** 20;

/**
 * Converted graphs rarely carry output shapes, so they are measured: a forward pass on zeros
 * (batch 1) that returns every tensor computed from the inputs, split into a few passes so that
 * the tensors held at once stay near PROBE_BUDGET_BYTES. Measured once per model.
 * `inputShapes` fills in input dimensions the model leaves unknown (besides the batch).
 */
export function probeGraph(
  model: AnyGraphModel,
  graph: ParsedGraph,
  inputShapes: Record<string, number[]> = {},
): GraphFacts {
  const key = JSON.stringify(inputShapes);
  const cached = cache.get(model);
  if (cached && (cached.key === key || Object.keys(inputShapes).length === 0)) return cached.facts;

  const feeds = zeroFeeds(model, graph, inputShapes);
  const names = probedTensorNames(model, graph, new Set(Object.keys(feeds)));
  const facts: GraphFacts = new Map();
  for (const [name, t] of Object.entries(feeds)) facts.set(name, { shape: t.shape.slice(), dtype: t.dtype });
  try {
    // Start small, then size the runs by what the last one held; early layers hold the largest
    // tensors, so the estimate errs on the safe side as the network narrows.
    let size = 64;
    let start = 0;
    while (start < names.length) {
      const chunk = names.slice(start, start + size);
      const bytesPerTensor = Math.max(measure(model, feeds, chunk, facts) / chunk.length, 1);
      start += chunk.length;
      size = Math.max(8, Math.floor(PROBE_BUDGET_BYTES / bytesPerTensor));
    }
  } finally {
    tf.dispose(Object.values(feeds));
  }
  cache.set(model, { key, facts });
  return facts;
}

/** Runs the graph to `names`, records what it returns, and reports the bytes it held. */
function measure(model: AnyGraphModel, feeds: tf.NamedTensorMap, names: string[], facts: GraphFacts): number {
  let outputs: tf.Tensor[];
  try {
    const result = model.execute(feeds, names);
    outputs = Array.isArray(result) ? result : [result];
  } catch (error) {
    throw new GradcamError(
      `could not run the graph to measure its tensors (the adapter runs graphs synchronously, ` +
        `so control flow and dynamic ops are not supported): ${(error as Error).message}`,
    );
  }
  let bytes = 0;
  names.forEach((name, i) => {
    const t = outputs[i];
    if (!t) return;
    facts.set(name, { shape: t.shape.slice(), dtype: t.dtype });
    bytes += t.size * 4;
  });
  tf.dispose(outputs);
  return bytes;
}

function zeroFeeds(model: AnyGraphModel, graph: ParsedGraph, inputShapes: Record<string, number[]>) {
  const feeds: Record<string, tf.Tensor> = {};
  const inputs = graph.inputs.length > 0 ? graph.inputs : graph.placeholders;
  for (const node of inputs) {
    const info = model.inputs.find((i) => i.name === node.name || i.name === node.signatureKey);
    const declared = info?.shape;
    const shape = inputShapes[node.name] ?? declared?.map((d, axis) => (axis === 0 && d === -1 ? 1 : d));
    if (!shape || shape.some((d) => d < 0)) {
      throw new GradcamError(
        `the input '${node.name}' has shape [${declared?.join(', ') ?? 'unknown'}]: pass inputShape ` +
          '(for example [1, 224, 224, 3]) so that the graph can be run once to measure its nodes',
      );
    }
    feeds[node.name] = tf.zeros(shape, (info?.dtype as tf.DataType | undefined) ?? 'float32');
  }
  return feeds;
}

/**
 * Every tensor that depends on an input and that the outputs need: each node's first output and
 * every other output some node reads. Weights are known already; fed inputs are measured as fed.
 */
function probedTensorNames(model: AnyGraphModel, graph: ParsedGraph, fed: Set<string>): string[] {
  const inputs = graph.inputs.length > 0 ? graph.inputs : graph.placeholders;
  const computed = descendants(inputs);
  const needed = ancestors(graph.outputs);
  const live = (node: GraphNode | undefined) =>
    node !== undefined &&
    computed.has(node.name) &&
    needed.has(node.name) &&
    !fed.has(node.name) &&
    !isWeight(model, node);
  const names = new Set<string>();
  // In execution order, so that a run for the first names need not compute the whole graph.
  for (const node of topologicalOrder(graph)) {
    if (live(node)) names.add(node.name);
    for (const input of node.inputNames) {
      const name = canonicalTensorName(input);
      if (live(graph.nodes[parseTensorName(name).node])) names.add(name);
    }
  }
  return [...names];
}
