import { GradcamError } from '@gradcam/core';
import type { OnnxNode } from '../proto/types';
import type { GraphIndex } from './graph-index';

/** What one run executes: the nodes between the fed tensors and the fetched ones. */
export interface Plan {
  /** In execution order. */
  nodes: OnnxNode[];
  /** How many times each tensor is read by the planned nodes or fetched: freed after the last read. */
  reads: Map<string, number>;
}

/**
 * The nodes needed to compute `fetches` from the tensors that are `available` (fed or constant):
 * walking back from each fetch, a tensor that is available stops the walk, so feeding a tensor in
 * the middle of the graph runs only what comes after it.
 */
export function makePlan(index: GraphIndex, available: (name: string) => boolean, fetches: string[]): Plan {
  const needed = new Set<OnnxNode>();
  const stack: { name: string; forTensor: string }[] = fetches.map((name) => ({ name, forTensor: name }));
  const seen = new Set<string>();
  while (stack.length > 0) {
    const { name, forTensor } = stack.pop()!;
    if (name === '' || seen.has(name)) continue;
    seen.add(name);
    if (available(name)) continue;
    const node = index.producer.get(name);
    if (!node) {
      if (index.inputs.some((i) => i.name === name)) {
        throw new GradcamError(`the graph input '${name}' must be fed to compute '${forTensor}'`);
      }
      throw new GradcamError(
        `unknown tensor '${name}'${name === forTensor ? '' : ` (needed for '${forTensor}')`}`,
      );
    }
    if (needed.has(node)) continue;
    needed.add(node);
    for (const input of node.inputs) stack.push({ name: input, forTensor });
  }
  const nodes = [...needed].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
  const reads = new Map<string, number>();
  const read = (name: string) => reads.set(name, (reads.get(name) ?? 0) + 1);
  for (const node of nodes) for (const input of node.inputs) if (input !== '') read(input);
  for (const name of fetches) read(name);
  return { nodes, reads };
}
