import { GradcamError } from '@gradcam/core';
import type { AnyGraphModel, GraphNode, ParsedGraph } from './graph-access';
import { parseTensorName, type TensorName } from './tensor-name';

/** Ops that pass a tensor through unchanged; the converter keeps some around outputs. */
const PASS_THROUGH = new Set(['Identity', 'StopGradient', 'Snapshot']);

/** The image input: the only input, or the one named (by node name or signature key). */
export function resolveInput(graph: ParsedGraph, name: string | undefined): GraphNode {
  const inputs = graph.inputs.length > 0 ? graph.inputs : graph.placeholders;
  const names = inputs.map((n) => n.name).join(', ');
  if (name === undefined) {
    if (inputs.length === 1) return inputs[0];
    throw new GradcamError(
      `the graph has ${inputs.length} inputs (${names}): pass inputName to pick the image`,
    );
  }
  const node = inputs.find((n) => n.name === parseTensorName(name).node || n.signatureKey === name);
  if (!node) throw new GradcamError(`unknown input '${name}'; the graph's inputs are: ${names}`);
  return node;
}

/** The model output to explain: the only one, or the one named (tensor name or signature key). */
export function resolveOutput(
  model: AnyGraphModel,
  graph: ParsedGraph,
  name: string | undefined,
): TensorName {
  const names = graph.outputs.map((n) => n.signatureKey ?? n.name).join(', ');
  if (name === undefined) {
    if (graph.outputs.length !== 1) {
      throw new GradcamError(
        `the graph has ${graph.outputs.length} outputs (${names}): pass output to pick one (gradcam: --output <name>)`,
      );
    }
    return outputTensor(model, graph.outputs[0]);
  }
  const bySignature = graph.outputs.find((n) => n.signatureKey === name);
  if (bySignature) return outputTensor(model, bySignature);
  const tensor = parseTensorName(name);
  if (!graph.nodes[tensor.node])
    throw new GradcamError(`unknown output '${name}'; the graph's outputs are: ${names}`);
  return tensor;
}

/** Every output of the graph. */
export function allOutputs(model: AnyGraphModel, graph: ParsedGraph): TensorName[] {
  return graph.outputs.map((node) => outputTensor(model, node));
}

/** An output node's tensor; a signature may name an output other than the node's first. */
function outputTensor(model: AnyGraphModel, node: GraphNode): TensorName {
  const signature = model.modelSignature as { outputs?: Record<string, { name?: string }> };
  const named = node.signatureKey ? signature?.outputs?.[node.signatureKey]?.name : undefined;
  return named ? parseTensorName(named) : { node: node.name, index: 0 };
}

export interface ScoredTensor {
  tensor: TensorName;
  /** The Softmax that was looked through, when the logits before it are scored. */
  softmax?: string;
}

/**
 * Grad-CAM differentiates the class score before the softmax (paper section 3): when the output
 * is a Softmax, possibly behind Identity nodes, score its input instead, unless told otherwise.
 */
export function scoredTensor(graph: ParsedGraph, output: TensorName, beforeSoftmax: boolean): ScoredTensor {
  if (!beforeSoftmax) return { tensor: output };
  let node = graph.nodes[output.node];
  while (PASS_THROUGH.has(node.op) && node.inputs.length === 1) node = node.inputs[0];
  if (node.op !== 'Softmax') return { tensor: output };
  return { tensor: parseTensorName(node.inputNames[0]), softmax: node.name };
}
