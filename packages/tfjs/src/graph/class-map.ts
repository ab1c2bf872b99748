import type { CutSpace } from './candidates';
import type { GraphNode } from './graph-access';
import { descendants } from './topology';

// Ops that pool, reshape or activate without learned values: all that may follow a class map.
const WEIGHTLESS =
  /^(Relu|Relu6|Elu|Selu|LeakyRelu|Sigmoid|Identity|StopGradient|Mean|Max|AvgPool|MaxPool|Squeeze|Reshape|Softmax|LogSoftmax)$/;
// Ops between a classifier convolution and its class map.
const ACTIVATION = /^(Relu|Relu6|Elu|Selu|LeakyRelu|Sigmoid|Identity|BiasAdd)$/;
const CONVOLUTION = /^(Conv2D|_FusedConv2D)$/;

/**
 * The convolution that makes `last` (the last spatial node) a class map, as SqueezeNet ends: `last`
 * has one channel per class of the scored tensor, only weightless ops lie between it and the
 * scored tensor, and it is that convolution (which changes the channel count) or an activation of it. Its input is the backbone's
 * last feature map, the reference's default.
 */
export function classMapConvolution(space: CutSpace, last: GraphNode): GraphNode | undefined {
  const classes = space.facts.get(space.scored.node)?.shape;
  const channels = space.facts.get(last.name)?.shape[3];
  if (classes?.length !== 2 || channels !== classes[1]) return undefined;
  for (const name of descendants([last])) {
    if (name === last.name || !space.toScore.has(name)) continue;
    // Integer nodes (shapes for a Reshape) carry no features.
    const float = space.facts.get(name)?.dtype === 'float32';
    if (float && !WEIGHTLESS.test(space.graph.nodes[name].op)) return undefined;
  }
  let conv = last;
  while (ACTIVATION.test(conv.op) && conv.inputs.length > 0) conv = conv.inputs[0];
  // A classifier projects features onto classes; a conv that keeps the width is a feature map.
  const read = conv.inputs[0] && space.facts.get(conv.inputs[0].name)?.shape[3];
  return CONVOLUTION.test(conv.op) && read !== channels ? conv : undefined;
}
