import { GradcamError } from '@gradcam/core';
import type { GraphView, TensorRef } from './graph-view';

const shapeText = (shape: (number | null)[]) => `[${shape.map((d) => d ?? 'batch').join(', ')}]`;

/** A 4-D (NHWC) tensor with a spatial grid larger than one pixel can be explained. */
export function isExplainable(ref: TensorRef): boolean {
  const [, h, w] = ref.shape;
  return ref.layer !== null && ref.shape.length === 4 && ((h ?? 2) > 1 || (w ?? 2) > 1);
}

export function describeRef(ref: TensorRef): string {
  return `${ref.name} ${shapeText(ref.shape)}`;
}

/** Refs that `target` depends on, itself included. */
export function ancestors(target: TensorRef): Set<string> {
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length) {
    const r = stack.pop()!;
    if (seen.has(r.key)) continue;
    seen.add(r.key);
    stack.push(...r.inputs);
  }
  return seen;
}

/** The layer named `name` (`name:k` for its k-th output). Unknown names list the candidates. */
export function findLayer(view: GraphView, output: TensorRef, name: string): TensorRef {
  const [base, index] = name.includes(':')
    ? [name.slice(0, name.lastIndexOf(':')), Number(name.slice(name.lastIndexOf(':') + 1))]
    : [name, 0];
  const before = ancestors(output);
  const matches = view.ordered.filter((r) => r.name === base && r.outputIndex === index && before.has(r.key));
  if (matches.length === 0) {
    const candidates = view.ordered.filter((r) => isExplainable(r) && before.has(r.key)).map(describeRef);
    throw new GradcamError(
      `unknown layer '${name}'; explainable layers: ${candidates.join(', ') || '(none: the model has no 4-D spatial layer)'}`,
    );
  }
  if (matches.length > 1) {
    throw new GradcamError(
      `layer '${name}' is applied ${matches.length} times (a shared layer); explain a layer that is applied once`,
    );
  }
  const [ref] = matches;
  if (!isExplainable(ref)) {
    throw new GradcamError(
      `layer '${name}' has output ${shapeText(ref.shape)}; Grad-CAM needs a 4-D [batch, h, w, channels] layer output`,
    );
  }
  return ref;
}

/**
 * What the head must be fed besides the cut: every tensor it needs that does not itself depend
 * on the cut (a skip connection around it, another input's branch). Feeding these makes the
 * head's gradient the full model's partial derivative with respect to the cut.
 */
export function crossingTensors(output: TensorRef, cut: TensorRef): TensorRef[] {
  const depends = new Map<string, boolean>();
  const dependsOnCut = (r: TensorRef): boolean => {
    const known = depends.get(r.key);
    if (known !== undefined) return known;
    const value = r.key === cut.key || r.inputs.some(dependsOnCut);
    depends.set(r.key, value);
    return value;
  };
  const crossing = new Map<string, TensorRef>();
  const visited = new Set<string>();
  const walk = (r: TensorRef) => {
    if (visited.has(r.key) || r.key === cut.key) return;
    visited.add(r.key);
    if (!dependsOnCut(r)) crossing.set(r.key, r);
    else r.inputs.forEach(walk);
  };
  walk(output);
  return [...crossing.values()];
}
