import type { GraphNode, ParsedGraph } from './graph-access';

/**
 * Names of `from` and of every node they (transitively) read. The walk does not go past nodes
 * for which `stop` is true, which are themselves included: fed nodes need none of their inputs.
 */
export function ancestors(from: GraphNode[], stop: (node: GraphNode) => boolean = () => false): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node.name)) continue;
    seen.add(node.name);
    if (!stop(node)) stack.push(...node.inputs);
  }
  return seen;
}

/** Names of `from` and of every node that (transitively) reads them. */
export function descendants(from: GraphNode[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node.name)) continue;
    seen.add(node.name);
    stack.push(...node.children);
  }
  return seen;
}

/** Every node after all of its inputs (Kahn's algorithm, ties in the model file's order). */
export function topologicalOrder(graph: ParsedGraph): GraphNode[] {
  const all = Object.values(graph.nodes);
  const pending = new Map(all.map((n) => [n.name, new Set(n.inputs.map((i) => i.name)).size]));
  const ready = all.filter((n) => pending.get(n.name) === 0);
  const order: GraphNode[] = [];
  for (let i = 0; i < ready.length; i++) {
    const node = ready[i];
    order.push(node);
    for (const child of new Set(node.children)) {
      const left = pending.get(child.name)! - 1;
      pending.set(child.name, left);
      if (left === 0) ready.push(child);
    }
  }
  // Nodes on a cycle (control flow: NextIteration) never become ready; keep them, last.
  const placed = new Set(order.map((n) => n.name));
  return order.concat(all.filter((n) => !placed.has(n.name)));
}
