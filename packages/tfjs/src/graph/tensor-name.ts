/**
 * GraphDef names a tensor `node` (its first output) or `node:k` (its k-th). The converter's
 * executor keys its feeds by node, so tensors are handled here as (node, index) pairs.
 */
export interface TensorName {
  node: string;
  index: number;
}

export function parseTensorName(name: string): TensorName {
  const parts = name.split(':');
  if (parts.length === 1) return { node: name, index: 0 };
  // `node:outputName:k` also occurs in function bodies; the index is always last.
  return { node: parts[0], index: Number(parts[parts.length - 1]) };
}

/** The canonical spelling: a bare node name for the first output, `node:k` otherwise. */
export function formatTensorName({ node, index }: TensorName): string {
  return index === 0 ? node : `${node}:${index}`;
}

export function canonicalTensorName(name: string): string {
  return formatTensorName(parseTensorName(name));
}
