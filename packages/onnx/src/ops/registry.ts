import { GradcamError } from '@gradcam/core';
import type { OnnxGraph } from '../proto/types';
import { constantOps } from './constant';
import { convTransposeOps } from './conv-transpose';
import { convolutionOps } from './convolution';
import { elementwiseOps } from './elementwise';
import { indexingOps } from './indexing';
import { matmulOps } from './matmul';
import { normalizationOps } from './normalization';
import { poolingOps } from './pooling';
import { recurrentOps } from './recurrent';
import { reduceOps } from './reduce';
import { resizeOps } from './resize';
import { shapeOps } from './shape';
import { slicingOps } from './slicing';
import { triangularOps } from './triangular';
import type { OpImpl, OpTable } from './types';

/** Every op of the default ONNX domain that the importer runs, by category. */
const TABLES: Record<string, OpTable> = {
  convolution: convolutionOps,
  convTranspose: convTransposeOps,
  pooling: poolingOps,
  normalization: normalizationOps,
  elementwise: elementwiseOps,
  matmul: matmulOps,
  shape: shapeOps,
  slicing: slicingOps,
  constant: constantOps,
  reduce: reduceOps,
  recurrent: recurrentOps,
  resize: resizeOps,
  triangular: triangularOps,
  indexing: indexingOps,
};

const OPS: OpTable = Object.assign({}, ...Object.values(TABLES));

/** Op types the importer supports, sorted. */
export function supportedOps(): string[] {
  return Object.keys(OPS).sort();
}

/** The implementation of a node's op: standard domain only ('' or 'ai.onnx'). */
export function opFor(opType: string, domain: string): OpImpl | undefined {
  if (domain !== '' && domain !== 'ai.onnx') return undefined;
  return OPS[opType];
}

/**
 * Refuses a graph with ops the importer does not run, at load time: every missing op type with
 * the nodes that use it, and the list of what is supported.
 */
export function assertSupported(graph: OnnxGraph): void {
  const missing = new Map<string, string[]>();
  for (const node of graph.nodes) {
    if (opFor(node.opType, node.domain)) continue;
    const key = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
    const names = missing.get(key) ?? [];
    names.push(node.name);
    missing.set(key, names);
  }
  if (missing.size === 0) return;
  const list = [...missing].map(([op, nodes]) => {
    const shown = nodes.slice(0, 5).map((n) => `'${n}'`);
    if (nodes.length > 5) shown.push(`and ${nodes.length - 5} more`);
    return `${op} (nodes ${shown.join(', ')})`;
  });
  throw new GradcamError(
    `the model uses ONNX ops that @gradcam/onnx does not support: ${list.join('; ')}. ` +
      `Supported: ${supportedOps().join(', ')}`,
  );
}
