import { GradcamError } from '@gradcam/core';
import type { OnnxGraph, OnnxNode, OnnxValueInfo } from '../proto/types';

/** Who produces and who reads each tensor of a graph, and its nodes in execution order. */
export interface GraphIndex {
  graph: OnnxGraph;
  /** Nodes in a topological order (the file's order when it already is one). */
  order: OnnxNode[];
  position: Map<OnnxNode, number>;
  producer: Map<string, OnnxNode>;
  consumers: Map<string, OnnxNode[]>;
  initializers: Set<string>;
  /** Declared inputs that are not initializers: what a caller must feed. */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export function indexGraph(graph: OnnxGraph): GraphIndex {
  const producer = new Map<string, OnnxNode>();
  const consumers = new Map<string, OnnxNode[]>();
  for (const node of graph.nodes) {
    for (const out of node.outputs) {
      if (out === '') continue;
      if (producer.has(out)) {
        throw new GradcamError(
          `tensor '${out}' is produced twice (nodes '${producer.get(out)!.name}' and '${node.name}'): not a valid ONNX graph`,
        );
      }
      producer.set(out, node);
    }
    for (const input of node.inputs) {
      if (input === '') continue;
      const list = consumers.get(input) ?? [];
      list.push(node);
      consumers.set(input, list);
    }
  }
  const initializers = new Set(graph.initializers.map((t) => t.name));
  const order = topologicalOrder(graph.nodes, producer);
  return {
    graph,
    order,
    position: new Map(order.map((n, i) => [n, i])),
    producer,
    consumers,
    initializers,
    inputs: graph.inputs.filter((i) => !initializers.has(i.name)),
    outputs: graph.outputs,
  };
}

/** Kahn's algorithm, stable in file order; a cycle is an invalid model. */
function topologicalOrder(nodes: OnnxNode[], producer: Map<string, OnnxNode>): OnnxNode[] {
  const pending = new Map<OnnxNode, number>();
  const dependents = new Map<OnnxNode, OnnxNode[]>();
  for (const node of nodes) {
    const parents = new Set(
      node.inputs.map((i) => producer.get(i)).filter((p): p is OnnxNode => p !== undefined && p !== node),
    );
    pending.set(node, parents.size);
    for (const p of parents) {
      const list = dependents.get(p) ?? [];
      list.push(node);
      dependents.set(p, list);
    }
  }
  const order: OnnxNode[] = [];
  const ready = nodes.filter((n) => pending.get(n) === 0);
  const position = new Map(nodes.map((n, i) => [n, i]));
  while (ready.length > 0) {
    const node = ready.shift()!;
    order.push(node);
    for (const d of dependents.get(node) ?? []) {
      const left = pending.get(d)! - 1;
      pending.set(d, left);
      if (left === 0) insertByPosition(ready, d, position);
    }
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.filter((n) => !order.includes(n)).map((n) => n.name);
    throw new GradcamError(`the graph has a cycle through nodes ${stuck.slice(0, 5).join(', ')}`);
  }
  return order;
}

function insertByPosition(list: OnnxNode[], node: OnnxNode, position: Map<OnnxNode, number>): void {
  const p = position.get(node)!;
  let i = list.length;
  while (i > 0 && position.get(list[i - 1])! > p) i--;
  list.splice(i, 0, node);
}
