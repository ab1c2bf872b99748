import { type ExplainableModel, GradcamError, withGuidedRelu } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { registerBody } from '../onnx-body/body-spec';
import { cutSpace, defaultNode, namedNode, shapeText } from './candidates';
import { crossingTensors } from './crossing';
import { type AnyGraphModel, parsedGraph } from './graph-access';
import { resolveInput, resolveOutput, scoredTensor } from './model-ends';
import { probeGraph } from './probe';
import { formatTensorName } from './tensor-name';

export interface GraphModelAdapterOptions {
  /** Node to explain, by name; several names give one adapter each. Default: see `nodeChoice`. */
  node?: string | string[];
  /** Output to explain, by tensor name or signature key (default: the graph's only output). */
  output?: string;
  /** The image input, by node name or signature key (default: the graph's only input). */
  inputName?: string;
  /** When the output is a Softmax, score the logits before it (default true, as the paper). */
  scoreBeforeSoftmax?: boolean;
  /**
   * Input shape for the one forward pass that measures the graph's tensors, when the model leaves
   * dimensions other than the batch unknown (e.g. `[1, 224, 224, 3]`).
   */
  inputShape?: number[];
}

/** Tensors fed to the head besides the cut, keyed by tensor name. */
export type GraphContext = Record<string, tf.Tensor>;

export interface GraphModelAdapter extends ExplainableModel<tf.Tensor4D, GraphContext, tf.Tensor> {
  /** The explained node (also `layer`). */
  readonly node: string;
  /** `named`, or why the default node was chosen. */
  readonly nodeChoice: string;
  /** Output shape of the explained node, measured at batch 1. */
  readonly nodeShape: number[];
  readonly inputName: string;
  /** The tensor scored: the model output, or the logits before its Softmax. */
  readonly scoreTensor: string;
  /** True when a Softmax output was looked through so that logits are scored. */
  readonly scoresLogits: boolean;
  /** Tensors fed to the head besides the cut (skip connections around it). */
  readonly crossing: string[];
  /** One sentence: which node, why, what is scored and what crosses the cut. */
  describeChoice(): string;
  /** The scored tensor of the whole model on an input. */
  predict(input: tf.Tensor4D): tf.Tensor;
}

type SingleNodeOptions = Omit<GraphModelAdapterOptions, 'node'> & { node?: string };

/**
 * Cuts a GraphModel at one node into the engine's body and head. The body runs the graph from the
 * input to the cut (and to the tensors that cross it); the head runs it from those tensors, fed as
 * intermediate values, to the scored output. With several nodes, returns one adapter per node.
 */
export function graphModelAdapter(
  model: AnyGraphModel,
  options: Omit<GraphModelAdapterOptions, 'node'> & { node: string[] },
): GraphModelAdapter[];
export function graphModelAdapter(model: AnyGraphModel, options?: SingleNodeOptions): GraphModelAdapter;
export function graphModelAdapter(
  model: AnyGraphModel,
  options: GraphModelAdapterOptions = {},
): GraphModelAdapter | GraphModelAdapter[] {
  const { node } = options;
  if (Array.isArray(node)) return node.map((name) => singleNodeAdapter(model, { ...options, node: name }));
  return singleNodeAdapter(model, { ...options, node });
}

/** One adapter per node, for maps averaged over several nodes. */
export function graphModelAdapters(
  model: AnyGraphModel,
  nodes: string[],
  options: Omit<GraphModelAdapterOptions, 'node'> = {},
): GraphModelAdapter[] {
  return nodes.map((node) => singleNodeAdapter(model, { ...options, node }));
}

function singleNodeAdapter(model: AnyGraphModel, options: SingleNodeOptions): GraphModelAdapter {
  const graph = parsedGraph(model);
  const input = resolveInput(graph, options.inputName);
  const facts = probeGraph(model, graph, options.inputShape ? { [input.name]: options.inputShape } : {});
  const output = resolveOutput(model, graph, options.output);
  const scored = scoredTensor(graph, output, options.scoreBeforeSoftmax ?? true);
  const space = cutSpace(graph, facts, input, scored.tensor);
  const choice = options.node === undefined ? defaultNode(space) : namedNode(space, options.node);
  const cut = choice.node.name;
  const crossing = crossingTensors(model, space, choice.node);
  const scoreName = formatTensorName(scored.tensor);
  const nodeShape = facts.get(cut)!.shape.slice();

  const run = (feeds: tf.NamedTensorMap, outputs: string[]): tf.Tensor[] => {
    const result = model.execute(feeds, outputs);
    return Array.isArray(result) ? result : [result];
  };
  const runWhole = (x: tf.Tensor) => run({ [input.name]: x }, [scoreName])[0];
  const describeChoice = () =>
    `explaining node '${cut}' (${choice.node.op}, ${shapeText(nodeShape)} at batch 1), ${choice.reason}; ` +
    `scoring '${scoreName}'${scored.softmax ? ` (the logits before the Softmax '${scored.softmax}')` : ''}; ` +
    (crossing.length > 0
      ? `fed to the head besides the cut: ${crossing.join(', ')}`
      : 'nothing else crosses the cut');

  const adapter: GraphModelAdapter = {
    layer: cut,
    node: cut,
    nodeChoice: choice.reason,
    nodeShape,
    inputName: input.name,
    scoreTensor: scoreName,
    scoresLogits: scored.softmax !== undefined,
    crossing,
    describeChoice,
    inputSize: (x) => [x.shape[1], x.shape[2]],
    body: (x) =>
      tf.tidy(() => {
        const [activations, ...crossed] = run({ [input.name]: x }, [cut, ...crossing]);
        const batch = x.shape[0];
        crossed.forEach((t, i) => {
          assertPerSample(t, crossing[i], batch, cut);
        });
        // Clones: a crossing tensor may be the caller's own input, and the engine disposes context.
        const context = Object.fromEntries(crossing.map((name, i) => [name, crossed[i].clone()]));
        return { activations: activations as tf.Tensor4D, context };
      }),
    head: (activations, context) => run({ ...context, [cut]: activations }, [scoreName])[0],
    guidedGradients: (x, score) =>
      tf.tidy(() => withGuidedRelu(() => tf.grad((image) => score(runWhole(image)).sum())(x)) as tf.Tensor4D),
    predict: (x) => tf.tidy(() => runWhole(x)),
  };
  return registerBody(adapter, { kind: 'graph', model, graph, facts, input, cut: choice.node, crossing });
}

/** The engine repeats context rows per target, so each crossing tensor needs one row per sample. */
function assertPerSample(t: tf.Tensor, name: string, batch: number, cut: string): void {
  if (t.rank === 0 || t.shape[0] !== batch) {
    throw new GradcamError(
      `the tensor '${name}' crosses the cut at '${cut}' but is not one row per sample ` +
        `(shape ${shapeText(t.shape)}, batch ${batch}): explain a node after the point where it joins`,
    );
  }
}
