import type { GraphNode } from '../graph/graph-access';
import type { BodyGraph, Value } from './body-graph';
import { type Activation, activation, batchNorm, dense } from './channel-ops';
import { nodeAttr } from './graph-attrs';
import { emitLayoutNode, type NodeInputs, padding, spatial } from './graph-layout-emitters';
import { conv } from './spatial-ops';
import { unsupported } from './unsupported';

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
    default:
      return emitLayoutNode(g, node, inputs, where) ?? unsupported(where);
  }
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
