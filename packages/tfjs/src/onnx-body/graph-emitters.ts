import type { GraphNode } from '../graph/graph-access';
import type { BodyGraph, Constant, Value } from './body-graph';
import { type Activation, activation, batchNorm, concat, dense, reduce, reshape } from './channel-ops';
import { nodeAttr } from './graph-attrs';
import { conv, type Padding, type Pair, pad, pool, resize } from './spatial-ops';
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

const IDENTITY = new Set(['Identity', 'StopGradient', 'Snapshot']);
const BINARY = {
  Add: 'Add',
  AddV2: 'Add',
  BiasAdd: 'Add',
  Sub: 'Sub',
  Mul: 'Mul',
  RealDiv: 'Div',
  Div: 'Div',
  Maximum: 'Max',
  Minimum: 'Min',
} as const;
const UNARY: Record<string, Activation> = {
  Relu: { kind: 'relu' },
  Relu6: { kind: 'relu6' },
  Elu: { kind: 'elu', alpha: 1 },
  Selu: { kind: 'selu' },
  Sigmoid: { kind: 'sigmoid' },
  Tanh: { kind: 'tanh' },
  Softplus: { kind: 'softplus' },
  Softsign: { kind: 'softsign' },
};

/** One converter node (the ops Keras applications and tfjs-converter models use) as ONNX nodes. */
export function emitNode(g: BodyGraph, node: GraphNode, inputs: NodeInputs): Value {
  const where = `node '${node.name}' (${node.op})`;
  if (nodeAttr.string(node, 'data_format', 'NHWC') !== 'NHWC') unsupported(`the channels-first ${where}`);
  if (IDENTITY.has(node.op)) return inputs.value(0);
  if (node.op in BINARY) {
    const op = BINARY[node.op as keyof typeof BINARY];
    return g.binary(op, inputs.operand(0), inputs.operand(1));
  }
  if (node.op in UNARY) return activation(g, inputs.value(0), UNARY[node.op]);
  switch (node.op) {
    case 'Conv2D':
    case 'DepthwiseConv2dNative':
    case 'DepthwiseConv2d':
    case '_FusedConv2D':
    case 'FusedDepthwiseConv2dNative':
      return convolution(g, node, inputs, where);
    case 'MatMul':
    case '_FusedMatMul': {
      if (nodeAttr.bool(node, 'transpose_a') || nodeAttr.bool(node, 'transpose_b'))
        unsupported(`the transposed ${where}`);
      const fused = fusedTail(node, inputs, where);
      return activation(g, dense(g, inputs.value(0), inputs.constant(1), fused.bias), fused.activation);
    }
    case 'FusedBatchNorm':
    case 'FusedBatchNormV2':
    case 'FusedBatchNormV3': {
      if (nodeAttr.bool(node, 'is_training')) unsupported(`the training-mode ${where}`);
      const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => inputs.constant(i).data);
      return batchNorm(g, inputs.value(0), {
        gamma,
        beta,
        mean,
        variance,
        epsilon: nodeAttr.float(node, 'epsilon', 1e-4),
      });
    }
    case 'AddN':
      return Array.from({ length: inputs.count - 1 }, (_, i) => i + 1).reduce(
        (acc, i) => g.binary('Add', acc, inputs.operand(i)),
        inputs.value(0),
      );
    case 'LeakyRelu':
      return activation(g, inputs.value(0), { kind: 'leakyRelu', alpha: nodeAttr.float(node, 'alpha', 0.2) });
    case 'Prelu':
      return activation(g, inputs.value(0), { kind: 'prelu', alpha: inputs.constant(1) });
    case 'ClipByValue':
      return activation(g, inputs.value(0), {
        kind: 'clip',
        min: inputs.constant(1).data[0],
        max: inputs.constant(2).data[0],
      });
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
      return unsupported(where);
  }
}

const spatial = (v: number[]): Pair => [v[1], v[2]];

function padding(node: GraphNode, where: string): Padding {
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

/** What a fused op does after its main op: BiasAdd, then at most one activation. */
function fusedTail(
  node: GraphNode,
  inputs: NodeInputs,
  where: string,
): { bias?: Float32Array; activation: Activation } {
  if (!node.op.startsWith('_Fused') && !node.op.startsWith('Fused'))
    return { activation: { kind: 'linear' } };
  const ops = nodeAttr.strings(node, 'fused_ops');
  if (ops[0] !== 'BiasAdd' || ops.length > 2) unsupported(`the fused ops [${ops.join(', ')}] of ${where}`);
  const bias = inputs.constant(2).data;
  const act = ops[1];
  if (act === undefined) return { bias, activation: { kind: 'linear' } };
  if (act in UNARY) return { bias, activation: UNARY[act] };
  if (act === 'LeakyRelu')
    return { bias, activation: { kind: 'leakyRelu', alpha: nodeAttr.float(node, 'leakyrelu_alpha', 0.2) } };
  if (act === 'Prelu') return { bias, activation: { kind: 'prelu', alpha: inputs.constant(3) } };
  return unsupported(`the fused activation '${act}' of ${where}`);
}

function convolution(g: BodyGraph, node: GraphNode, inputs: NodeInputs, where: string): Value {
  const shape = inputs.shape(0);
  const fused = fusedTail(node, inputs, where);
  const h = conv(g, inputs.value(0), {
    kernel: inputs.constant(1),
    bias: fused.bias,
    strides: spatial(nodeAttr.ints(node, 'strides', [1, 1, 1, 1])),
    dilations: spatial(nodeAttr.ints(node, 'dilations', [1, 1, 1, 1])),
    padding: padding(node, where),
    extent: [shape?.[1] ?? null, shape?.[2] ?? null],
    depthwise: node.op.includes('Depthwise'),
  });
  return activation(g, h, fused.activation);
}
