import type { GraphIndex } from '../executor/graph-index';

/** Tensors computed from `from` (including them), following node edges forward. */
export function descendants(index: GraphIndex, from: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const node of index.consumers.get(name) ?? []) {
      for (const out of node.outputs) if (out !== '' && !seen.has(out)) stack.push(out);
    }
  }
  return seen;
}

/** Tensors that `to` is computed from (including them); `stop` tensors are reached but not walked through. */
export function ancestors(
  index: GraphIndex,
  to: Iterable<string>,
  stop?: (name: string) => boolean,
): Set<string> {
  const seen = new Set<string>();
  const stack = [...to];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (name === '' || seen.has(name)) continue;
    seen.add(name);
    if (stop?.(name)) continue;
    const node = index.producer.get(name);
    if (node) for (const input of node.inputs) if (!seen.has(input)) stack.push(input);
  }
  return seen;
}
