import type { CutSpace } from './candidates';
import { type AnyGraphModel, type GraphNode, isWeight } from './graph-access';
import { canonicalTensorName, parseTensorName } from './tensor-name';
import { ancestors, descendants } from './topology';

/**
 * The tensors the head must be fed besides the cut: what the part after the cut reads that does
 * not depend on the cut (skip connections around it). Holding them fixed, the head's gradient is
 * the whole model's derivative with respect to the cut tensor, since they do not change with it.
 *
 * A tensor is fed only when it is one float row per sample, which the engine can repeat per
 * target. Anything else that depends on the input (shape arithmetic such as `Shape(input)`, a
 * scalar) is recomputed in the head from the tensors it comes from, so that it follows the head's
 * batch of rows. The converter keys feeds by node, so a node is also recomputed when more than one
 * of its outputs would be fed, or when one is fed and another recomputed.
 */
export function crossingTensors(model: AnyGraphModel, space: CutSpace, cut: GraphNode): string[] {
  const { graph, facts } = space;
  const afterCut = descendants([cut]);
  const head = ancestors([graph.nodes[space.scored.node]], (n) => n === cut || !afterCut.has(n.name));
  const fromAnyInput = descendants(graph.inputs.length > 0 ? graph.inputs : graph.placeholders);
  const isInput = (node: GraphNode) => graph.inputs.includes(node) || graph.placeholders.includes(node);

  const fed = new Set<string>();
  const recomputed = new Set<string>();
  const reach = (tensorName: string) => {
    const name = canonicalTensorName(tensorName);
    const node = graph.nodes[parseTensorName(name).node];
    // Constants and what is computed from them alone: the executor evaluates those itself, as it
    // does nodes already recomputed in the head.
    if (isWeight(model, node) || !fromAnyInput.has(node.name) || recomputed.has(node.name)) return;
    const f = facts.get(name);
    const perSampleFloat = f !== undefined && f.dtype === 'float32' && f.shape.length > 0;
    if (isInput(node) || perSampleFloat) fed.add(name);
    else recompute(node);
  };
  const recompute = (node: GraphNode) => {
    if (recomputed.has(node.name)) return;
    recomputed.add(node.name);
    for (const input of node.inputNames) reach(input);
  };

  for (const name of head) {
    if (name === cut.name || !afterCut.has(name)) continue;
    for (const input of graph.nodes[name].inputNames) {
      if (!afterCut.has(parseTensorName(input).node)) reach(input);
    }
  }
  for (let conflict = nodeFedTwice(fed, recomputed); conflict; conflict = nodeFedTwice(fed, recomputed)) {
    for (const name of [...fed]) if (parseTensorName(name).node === conflict) fed.delete(name);
    recompute(graph.nodes[conflict]);
  }
  return [...fed];
}

/** A node the executor cannot be fed as wanted: several of its outputs fed, or fed and recomputed. */
function nodeFedTwice(fed: Set<string>, recomputed: Set<string>): string | undefined {
  const seen = new Set<string>();
  for (const name of fed) {
    const { node } = parseTensorName(name);
    if (seen.has(node) || recomputed.has(node)) return node;
    seen.add(node);
  }
  return undefined;
}
