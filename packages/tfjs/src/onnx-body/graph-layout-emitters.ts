import type { GraphNode } from '../graph/graph-access';
import type { BodyGraph, Constant, Value } from './body-graph';
import { concat, reduce, reshape } from './channel-ops';
import { nodeAttr } from './graph-attrs';
import { type Padding, type Pair, pad, pool, resize } from './spatial-ops';
import { unsupported } from './unsupported';

/** A node's data inputs: computed values, or constants (weights) read from the model. */
export interface NodeInputs {
  count: number;
  value(i: number): Value;
  operand(i: number): Value | Constant;
  constant(i: number): Constant;
  /** The TF.js-layout shape measured at batch 1, when the input is computed. */
  shape(i: number): number[] | undefined;
}

/** Nodes that move, pool, pad, resize or join values: the node's ONNX form, or undefined when it is none of these. */
export function emitLayoutNode(
  g: BodyGraph,
  node: GraphNode,
  inputs: NodeInputs,
  where: string,
): Value | undefined {
  switch (node.op) {
    case 'MaxPool':
    case 'AvgPool': {
      const shape = inputs.shape(0);
      return pool(g, inputs.value(0), {
        kind: node.op === 'MaxPool' ? 'max' : 'avg',
        size: spatial(nodeAttr.ints(node, 'ksize', [1, 1, 1, 1])),
        strides: spatial(nodeAttr.ints(node, 'strides', [1, 1, 1, 1])),
        padding: padding(node, where),
        extent: [shape?.[1] ?? null, shape?.[2] ?? null],
      });
    }
    case 'Mean':
    case 'Max':
      return reduce(
        g,
        inputs.value(0),
        node.op === 'Mean' ? 'mean' : 'max',
        [...inputs.constant(1).data],
        nodeAttr.bool(node, 'keep_dims'),
      );
    case 'ConcatV2':
    case 'Concat': {
      const axisAt = node.op === 'ConcatV2' ? inputs.count - 1 : 0;
      const parts = Array.from({ length: inputs.count }, (_, i) => i).filter((i) => i !== axisAt);
      return concat(
        g,
        parts.map((i) => inputs.value(i)),
        inputs.constant(axisAt).data[0],
      );
    }
    case 'Pad':
    case 'PadV2':
    case 'MirrorPad': {
      const p = inputs.constant(1).data;
      const paddings = Array.from({ length: p.length / 2 }, (_, i): Pair => [p[2 * i], p[2 * i + 1]]);
      if (node.op !== 'MirrorPad')
        return pad(
          g,
          inputs.value(0),
          paddings,
          'constant',
          node.op === 'PadV2' ? inputs.constant(2).data[0] : 0,
        );
      if (nodeAttr.string(node, 'mode') !== 'REFLECT') unsupported(`the symmetric ${where}`);
      return pad(g, inputs.value(0), paddings, 'reflect');
    }
    case 'ResizeBilinear':
    case 'ResizeNearestNeighbor': {
      const [h, w] = inputs.constant(1).data;
      return resize(g, inputs.value(0), {
        method: node.op === 'ResizeBilinear' ? 'bilinear' : 'nearest',
        alignCorners: nodeAttr.bool(node, 'align_corners'),
        halfPixelCenters: nodeAttr.bool(node, 'half_pixel_centers'),
        size: [h, w],
      });
    }
    case 'Reshape':
      return reshape(g, inputs.value(0), [...inputs.constant(1).data]);
    default:
      return undefined;
  }
}

export const spatial = (v: number[]): Pair => [v[1], v[2]];

export function padding(node: GraphNode, where: string): Padding {
  const p = nodeAttr.string(node, 'padding', 'VALID');
  if (p === 'SAME') return 'same';
  if (p === 'VALID') return 'valid';
  if (p !== 'EXPLICIT') unsupported(`padding '${p}' of ${where}`);
  const e = nodeAttr.ints(node, 'explicit_paddings', []);
  if (e.length !== 8 || e[0] || e[1] || e[6] || e[7]) unsupported(`explicit paddings [${e}] of ${where}`);
  return [
    [e[2], e[3]],
    [e[4], e[5]],
  ];
}
