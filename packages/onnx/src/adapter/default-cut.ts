import { GradcamError } from '@gradcam/core';
import type { OnnxNode } from '../proto/types';
import { type CutSpace, explainableTensors, isSpatial, type TensorChoice } from './cut';
import { ancestors, descendants } from './reach';

/** Ops that keep channels apart: a class map stays a class map through them. */
const PER_CHANNEL = new Set([
  'Relu',
  'Clip',
  'LeakyRelu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Elu',
  'Selu',
  'BatchNormalization',
  'Identity',
  'Dropout',
]);
/** Ops that mix channels: after one, channel k is no longer class k. */
const MIXING = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul', 'Einsum']);

/**
 * The default cut, as the reference's examples choose their target layer: for a ViT, the input
 * of the last attention block's first LayerNorm (`blocks[-1].norm1`); for a CNN, the last spatial
 * feature map of the backbone (`features[-1]`, `layer4[-1]`), before the pooling, flatten or
 * reshape that leads to the scored output, and before a classifier convolution when the model
 * ends in one (SqueezeNet's 1000-channel convolution maps classes, not features).
 */
export function defaultTensor(space: CutSpace): TensorChoice {
  const order = explainableTensors(space).filter((name) => name !== space.scored);
  const spatial = order.filter((name) => isSpatial(space.facts.get(name)));
  const lastSpatial = spatial[spatial.length - 1];
  const tokens = order.filter(
    (name) => space.tokens.has(name) && order.indexOf(name) > order.indexOf(lastSpatial),
  );
  if (tokens.length > 0) return tokenDefault(space, tokens);
  if (!lastSpatial) {
    throw new GradcamError(
      `no tensor with a spatial 4-D shape [batch, channels, height, width], nor tokens with a grid, leads to '${space.scored}': ` +
        'the ONNX adapter explains convolutional feature maps and token grids (name one with tensor, and its grid with tokens)',
    );
  }
  const classifier = classMapConvolution(space, lastSpatial);
  if (classifier) {
    const { position } = space.exec.index;
    const before = spatial.filter(
      (name) => position.get(producerOf(space, name))! < position.get(classifier)!,
    );
    let tensor = before[before.length - 1];
    // The classifier's Dropout belongs to the classifier: the backbone ends before it.
    while (tensor && ['Dropout', 'Identity'].includes(producerOf(space, tensor).opType)) {
      const input = producerOf(space, tensor).inputs[0];
      if (!before.includes(input)) break;
      tensor = input;
    }
    if (tensor) {
      const classes = space.facts.get(classifier.outputs[0])!.shape[1];
      return {
        tensor,
        reason:
          `default: the last spatial feature map before the classifier convolution '${classifier.name}' ` +
          `(${classes} channels, one per class, pooled into the scores), as the reference's features[-1]`,
      };
    }
  }
  const next = (space.exec.index.consumers.get(lastSpatial) ?? []).find((n) =>
    n.outputs.some((o) => space.toScore.has(o) && !isSpatial(space.facts.get(o))),
  );
  const beforeNext = next ? ` before '${next.name}' (${next.opType})` : '';
  return {
    tensor: lastSpatial,
    reason: `default: the last spatial 4-D tensor${beforeNext} on the way to the scored output`,
  };
}

function producerOf(space: CutSpace, name: string): OnnxNode {
  return space.exec.index.producer.get(name)!;
}

/**
 * The 1x1 convolution that makes `tensor` a class map: one channel per score, reached through
 * per-channel ops only, and nothing that mixes channels between it and the scores.
 */
function classMapConvolution(space: CutSpace, tensor: string): OnnxNode | undefined {
  const scoredShape = space.facts.get(space.scored)?.shape ?? [];
  if (scoredShape.length !== 2 || space.facts.get(tensor)!.shape[1] !== scoredShape[1]) return undefined;
  let node: OnnxNode | undefined = producerOf(space, tensor);
  while (node && PER_CHANNEL.has(node.opType)) node = space.exec.index.producer.get(node.inputs[0]);
  // A pointwise convolution: a wider kernel still looks across positions like a feature extractor.
  const kernel = node?.opType === 'Conv' ? space.exec.constantShape(node.inputs[1]) : undefined;
  if (!node || !kernel || kernel.slice(2).some((k) => k !== 1)) return undefined;
  const toScore = ancestors(space.exec.index, [space.scored]);
  for (const name of descendants(space.exec.index, [tensor])) {
    if (name === tensor || !toScore.has(name)) continue;
    if (MIXING.has(producerOf(space, name).opType)) return undefined;
  }
  return node;
}

/**
 * For token models: the input of the last LayerNorm whose block holds attention (a Softmax before
 * the next LayerNorm's input), the reference's `blocks[-1].norm1`; else the last token tensor.
 */
function tokenDefault(space: CutSpace, tokens: string[]): TensorChoice {
  const norms = tokens.filter((name) => normalizedBy(space, name) !== undefined);
  const { index } = space.exec;
  for (let i = norms.length - 1; i >= 0; i--) {
    const between = descendants(index, [norms[i]]);
    const upTo = ancestors(index, [norms[i + 1] ?? space.scored]);
    const attention = [...between].some(
      (name) => upTo.has(name) && index.producer.get(name)?.opType === 'Softmax',
    );
    if (!attention) continue;
    return {
      tensor: norms[i],
      reason:
        `default: the input of '${normalizedBy(space, norms[i])!.name}', the first LayerNorm of the last ` +
        `attention block, as the reference explains ViTs (blocks[-1].norm1), ${gridText(space, norms[i])}`,
    };
  }
  const tensor = tokens[tokens.length - 1];
  return {
    tensor,
    reason: `default: the last token tensor on the way to the scored output, ${gridText(space, tensor)}`,
  };
}

function gridText(space: CutSpace, name: string): string {
  const { grid, prefix } = space.tokens.get(name)!;
  return `as a ${grid[0]}x${grid[1]} grid after ${prefix} prefix token${prefix === 1 ? '' : 's'}`;
}

/**
 * The LayerNorm that reads `name`: a LayerNormalization node, or the ReduceMean that opens one
 * as exporters before opset 17 write it (`x - ReduceMean(x)` over the last axis, ...).
 */
function normalizedBy(space: CutSpace, name: string): OnnxNode | undefined {
  const { consumers } = space.exec.index;
  for (const node of consumers.get(name) ?? []) {
    if (node.opType === 'LayerNormalization' && node.inputs[0] === name) return node;
    if (node.opType !== 'ReduceMean') continue;
    const centred = (consumers.get(node.outputs[0]) ?? []).some(
      (c) => c.opType === 'Sub' && c.inputs[0] === name && c.inputs[1] === node.outputs[0],
    );
    if (centred) return node;
  }
  return undefined;
}
