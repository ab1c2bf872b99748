import { GradcamError } from '@gradcam/core';
import { classMapConvolution } from './class-map';
import type { GraphNode, ParsedGraph } from './graph-access';
import type { GraphFacts, TensorFacts } from './probe';
import { formatTensorName, parseTensorName, type TensorName } from './tensor-name';
import { ancestors, descendants, topologicalOrder } from './topology';

/** Grad-CAM needs a feature map: a float NHWC tensor `[batch, height, width, channels]`. */
export function isFeatureMap(facts: TensorFacts | undefined): boolean {
  return facts !== undefined && facts.shape.length === 4 && facts.dtype === 'float32';
}

/** More than one position: a 1x1 map (squeeze-excite branches, pooled features) locates nothing. */
export function isSpatial(facts: TensorFacts | undefined): boolean {
  return isFeatureMap(facts) && facts!.shape[1] * facts!.shape[2] > 1;
}

/** Where nodes stand relative to the input and the scored tensor. */
export interface CutSpace {
  graph: ParsedGraph;
  facts: GraphFacts;
  input: GraphNode;
  scored: TensorName;
  /** Nodes computed from the input. */
  fromInput: Set<string>;
  /** Nodes the scored tensor needs. */
  toScore: Set<string>;
}

export function cutSpace(
  graph: ParsedGraph,
  facts: GraphFacts,
  input: GraphNode,
  scored: TensorName,
): CutSpace {
  return {
    graph,
    facts,
    input,
    scored,
    fromInput: descendants([input]),
    toScore: ancestors([graph.nodes[scored.node]]),
  };
}

/** Nodes at which the model can be cut, in execution order. */
export function explainableNodes(space: CutSpace): GraphNode[] {
  return topologicalOrder(space.graph).filter(
    (node) =>
      node !== space.input &&
      space.fromInput.has(node.name) &&
      space.toScore.has(node.name) &&
      isFeatureMap(space.facts.get(node.name)),
  );
}

export interface NodeChoice {
  node: GraphNode;
  /** Why this node, in a sentence for the user. */
  reason: string;
}

/**
 * The default cut, as the reference implementations choose it (`features[-1]`, `layer4[-1]`): the
 * last spatial feature map before the pooling (or reshape, or flatten) that leads to the output,
 * or, when that is a class map (SqueezeNet's classifier convolution), the map the classifier reads.
 */
export function defaultNode(space: CutSpace): NodeChoice {
  // The scored tensor itself (a segmentation output) would leave the head nothing to do.
  const spatial = explainableNodes(space).filter(
    (n) => n.name !== space.scored.node && isSpatial(space.facts.get(n.name)),
  );
  const node = spatial[spatial.length - 1];
  if (!node) {
    throw new GradcamError(
      `no node with a spatial 4-D output leads to '${formatTensorName(space.scored)}': ` +
        'the GraphModel adapter explains NHWC feature maps only',
    );
  }
  const classifier = classMapConvolution(space, node);
  const backbone = classifier?.inputs[0];
  if (classifier && backbone && spatial.includes(backbone)) {
    const classes = space.facts.get(node.name)!.shape[3];
    return {
      node: backbone,
      reason:
        `default: the last spatial feature map of the backbone, read by '${classifier.name}' (${classifier.op}, ` +
        `${classes} channels for ${classes} classes, then only pooling and activations): that is the classifier, not a feature map`,
    };
  }
  const next = node.children.find((c) => space.toScore.has(c.name) && !isSpatial(space.facts.get(c.name)));
  const before = next ? ` before '${next.name}' (${next.op})` : '';
  return {
    node,
    reason: `default: the last spatial feature map${before} on the way to the scored output, as the reference's examples choose (features[-1], layer4[-1])`,
  };
}

/** The node named by the user, or an error that says what could be named instead. */
export function namedNode(space: CutSpace, name: string): NodeChoice {
  const { node: nodeName, index } = parseTensorName(name);
  const refuse = (why: string): never => {
    throw new GradcamError(`${why}; explainable nodes: ${listNames(explainableNodes(space))}`);
  };
  const node = space.graph.nodes[nodeName] ?? nodeBySuffix(space, nodeName);
  if (!node) return refuse(`unknown node '${name}'`);
  if (index !== 0) return refuse(`node '${name}': the adapter cuts at a node's first output only`);
  if (node === space.input) return refuse(`'${name}' is the model's input, not a layer inside it`);
  if (!space.fromInput.has(node.name))
    return refuse(`node '${name}' (${node.op}) is not computed from the input`);
  if (!space.toScore.has(node.name)) {
    return refuse(`node '${name}' does not lead to the scored output '${formatTensorName(space.scored)}'`);
  }
  const facts = space.facts.get(node.name);
  if (!isFeatureMap(facts)) {
    const what = facts
      ? `outputs ${facts.dtype} ${shapeText(facts.shape)}${kindOf(facts.shape)}`
      : 'has no measured output';
    return refuse(
      `node '${name}' (${node.op}) ${what}, not an NHWC feature map [batch, height, width, channels]`,
    );
  }
  return { node, reason: 'named' };
}

/**
 * Converted graphs prefix every node with scopes (`model/conv5/Relu`); the end of a name after a
 * `/` is enough when only one node ends that way. Several are refused with their full names.
 */
function nodeBySuffix(space: CutSpace, suffix: string): GraphNode | undefined {
  const matches = Object.values(space.graph.nodes).filter((n) => n.name.endsWith(`/${suffix}`));
  if (matches.length > 1) {
    throw new GradcamError(
      `node '${suffix}' is ambiguous: it ends ${matches.length} node names (${listNames(matches)}); give the full name of one`,
    );
  }
  return matches[0];
}

function kindOf(shape: number[]): string {
  if (shape.length === 3) return ' (a token sequence: reshape it to a grid in the graph, or use a 4-D node)';
  if (shape.length === 2) return ' (one vector per sample: there is no space left to map)';
  return '';
}

export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Candidate names for an error message; long graphs are cut short. */
function listNames(nodes: GraphNode[], max = 40): string {
  if (nodes.length === 0) return '(none)';
  const names = nodes.slice(0, max).map((n) => n.name);
  const more =
    nodes.length > max
      ? `, ... and ${nodes.length - max} more (gradcam layers --model <folder> lists them all; in code, listGraphNodes)`
      : '';
  return names.join(', ') + more;
}
