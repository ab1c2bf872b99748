import { type ExplainableModel, GradcamError, withGuidedRelu } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxExecutor } from '../executor/executor';
import type { SplitRuntime } from '../runtime/split';
import { crossingTensors, cutSpace, namedTensor } from './cut';
import { type BodyResult, CutIO, type OnnxContext } from './cut-io';
import { defaultTensor } from './default-cut';
import { probeGraph } from './facts';
import { GradientPreflight } from './gradient-preflight';
import { type ImageLayout, imageLayout } from './image-layout';
import { resolveInput, resolveOutput, scoredTensor } from './model-ends';
import { prunedHead } from './row-pruning';
import { checkTokenOption, isSequenceFirst, type TokenLayout, type TokenOption } from './tokens';

export type { OnnxContext } from './cut-io';
export type { ImageLayout } from './image-layout';
export type { TokenLayout, TokenOption } from './tokens';

export interface OnnxAdapterOptions {
  /** Tensor to explain, by name; several names give one adapter each. Default: see `tensorChoice`. */
  tensor?: string | string[];
  /** Tensor to score (default: the graph's only output). */
  output?: string;
  /** The image input (default: the graph's only input). */
  inputName?: string;
  /** When the output is a Softmax, score the logits before it (default true, as the paper). */
  scoreBeforeSoftmax?: boolean;
  /**
   * Guided backpropagation also gates Clip nodes from 0 (ReLU6 as ONNX exports it) like ReLUs.
   * Default false, as the reference, which replaces only ReLU: MobileNetV2's guided
   * backpropagation is then the plain input gradient.
   */
  guidedClip?: boolean;
  /** Input shape (in the input's layout) for the one pass that measures the graph, when the model leaves more than the batch open. */
  inputShape?: number[];
  /** Where the image input keeps its channels (default: read from its declared shape, see `imageLayout`). */
  inputLayout?: ImageLayout;
  /**
   * Where the body (input to the cut) runs: `onnxruntime`, natively, with the cut and the tensors
   * crossing it as extra outputs (the default when the model was loaded with onnxruntime), or
   * `tfjs`. The head and guided backpropagation always run in TF.js.
   */
  execution?: 'onnxruntime' | 'tfjs';
  /**
   * How token tensors (`[batch, tokens, channels]`, or sequence-first `[tokens, batch, channels]`)
   * are explained as a grid: `prefix` class/register tokens are left out of the map (and kept in
   * the head's input), the rest fill `grid` row by row. Default: inferred where the graph makes it
   * unambiguous (a convolution's grid, or a square after one to four tokens).
   */
  tokens?: TokenOption;
}

/**
 * An ONNX model cut at one tensor. Its input is a float32 image batch as the model takes it,
 * `[batch, 3, H, W]` (or channels-last `[batch, H, W, 3]` when the model declares so, `inputLayout`); its activations are the cut tensor channels-last `[batch, h, w, c]`
 * (token tensors as their grid).
 */
export interface OnnxAdapter extends ExplainableModel<tf.Tensor4D, OnnxContext, tf.Tensor> {
  /** The explained tensor (also `layer`). */
  readonly tensor: string;
  /** `named`, or why the default tensor was chosen. */
  readonly tensorChoice: string;
  /** Shape of the explained tensor in the graph (NCHW for a feature map), measured at batch 1. */
  readonly tensorShape: number[];
  readonly inputName: string;
  /** The layout the input is fed in: the model's own. */
  readonly inputLayout: ImageLayout;
  /** The tensor scored: the output, or the logits before its Softmax. */
  readonly scoreTensor: string;
  readonly scoresLogits: boolean;
  /** Tensors fed to the head besides the cut (skip connections around it). */
  readonly crossing: string[];
  /** Where the body runs. */
  readonly execution: 'onnxruntime' | 'tfjs';
  /** When the explained tensor is tokens: the grid they are shown as. */
  readonly tokens?: TokenLayout;
  /** One sentence: which tensor, why, what is scored and what crosses the cut. */
  describeChoice(): string;
  /** The scored tensor of the whole model. */
  predict(input: tf.Tensor4D): tf.Tensor;
}

type SingleOptions = Omit<OnnxAdapterOptions, 'tensor'> & { tensor?: string };

/**
 * Cuts an ONNX model at a tensor into the engine's body (input to the cut and to the tensors that
 * cross it) and head (from those, fed, to the scored tensor). With several tensors, one adapter each.
 */
export function onnxModelAdapter(
  model: OnnxExecutor,
  options: Omit<OnnxAdapterOptions, 'tensor'> & { tensor: string[] },
): OnnxAdapter[];
export function onnxModelAdapter(model: OnnxExecutor, options?: SingleOptions): OnnxAdapter;
export function onnxModelAdapter(
  model: OnnxExecutor,
  options: OnnxAdapterOptions = {},
): OnnxAdapter | OnnxAdapter[] {
  const { tensor } = options;
  if (Array.isArray(tensor)) return tensor.map((name) => singleAdapter(model, { ...options, tensor: name }));
  return singleAdapter(model, { ...options, tensor });
}

function singleAdapter(exec: OnnxExecutor, options: SingleOptions): OnnxAdapter {
  const input = resolveInput(exec, options.inputName);
  const facts = probeGraph(exec, input.name, options.inputShape);
  const output = resolveOutput(exec, options.output);
  const scored = scoredTensor(exec, output, options.scoreBeforeSoftmax ?? true);
  checkTokenOption(options.tokens);
  const space = cutSpace(exec, facts, input.name, scored.tensor, options.tokens);
  const choice = options.tensor === undefined ? defaultTensor(space) : namedTensor(space, options.tensor);
  const cut = choice.tensor;
  const crossing = crossingTensors(space, cut);
  const tensorShape = facts.get(cut)!.shape.slice();
  const layout = options.inputLayout ?? imageLayout(input.shape);
  const channelAxis = layout === 'NCHW' ? 1 : 3;
  const channels = facts.get(input.name)!.shape[channelAxis];
  const guidedClip = options.guidedClip ?? false;
  const native = bodyRuntime(exec, options.execution);
  const sequenceFirst = new Set(crossing.filter((name) => isSequenceFirst(facts.get(name))));
  const io = new CutIO(cut, crossing, space.tokens.get(cut), sequenceFirst);

  const checkInput = (x: tf.Tensor) => {
    if (x.rank !== 4 || x.shape[channelAxis] !== channels) {
      const [expected, swap] =
        layout === 'NCHW'
          ? [`[batch, ${channels}, height, width]`, [0, 3, 1, 2]]
          : [`[batch, height, width, ${channels}]`, [0, 2, 3, 1]];
      throw new GradcamError(
        `the ONNX model takes ${layout} images ${expected}; got [${x.shape.join(', ')}]` +
          (x.rank === 4 && x.shape[4 - channelAxis] === channels
            ? ` (${layout === 'NCHW' ? 'NHWC' : 'NCHW'}? transpose it with [${swap.join(', ')}])`
            : ''),
      );
    }
  };
  const runWhole = (x: tf.Tensor, clipAsRelu = false) =>
    exec.run({ [input.name]: x }, [scored.tensor], { guidedClip: clipAsRelu })[0];
  const describeChoice = () =>
    `explaining tensor '${cut}' ([${tensorShape.join(', ')}] at batch 1), ${choice.reason}; ` +
    `scoring '${scored.tensor}'${scored.softmax ? ` (the logits before the Softmax '${scored.softmax}')` : ''}; ` +
    (crossing.length > 0
      ? `fed to the head besides the cut: ${crossing.join(', ')}`
      : 'nothing else crosses the cut') +
    (native ? `; the body runs on onnxruntime ${native.runtime.version}` : '; everything runs in TF.js');

  // Only the rows the score reads (a ViT's class token after its last attention) are computed.
  const headGraph = prunedHead(exec, facts, [cut, ...crossing], scored.tensor);
  const runHead = (activations: tf.Tensor4D, context: OnnxContext) =>
    tf.tidy(
      () =>
        exec.run(io.headFeeds(activations, context), [scored.tensor], {
          channelsLast: io.headChannelsLast,
          ...(headGraph ? { graph: headGraph } : {}),
        })[0],
    );
  const preflight = new GradientPreflight(exec, cut, scored.tensor, runHead, (a, c) =>
    io.headFeeds(a, c, true),
  );
  const checked = (result: BodyResult) => {
    try {
      preflight.check(result.activations, result.context);
    } catch (error) {
      tf.dispose([result.activations, result.context]);
      throw error;
    }
    return result;
  };

  return {
    layer: cut,
    tensor: cut,
    tensorChoice: choice.reason,
    tensorShape,
    inputName: input.name,
    inputLayout: layout,
    scoreTensor: scored.tensor,
    scoresLogits: scored.softmax !== undefined,
    crossing,
    execution: native ? 'onnxruntime' : 'tfjs',
    ...(io.tokens ? { tokens: io.tokens } : {}),
    describeChoice,
    inputSize: (x) => (layout === 'NCHW' ? [x.shape[2], x.shape[3]] : [x.shape[1], x.shape[2]]),
    body: (x) => {
      checkInput(x);
      if (native) {
        return checked(
          tf.tidy(() => {
            const [cutValue, ...crossed] = native.run({ [input.name]: x }, [cut, ...crossing]);
            return io.toBody(cutValue, crossed, x.shape[0], false);
          }),
        );
      }
      return checked(
        tf.tidy(() => {
          // A feature map comes channels-last straight from the executor: no transpose after a convolution.
          const [cutValue, ...crossed] = exec.run({ [input.name]: x }, [cut, ...crossing], {
            channelsLast: io.headChannelsLast,
          });
          return io.toBody(cutValue, crossed, x.shape[0], io.tokens === undefined);
        }),
      );
    },
    head: (activations, context) => {
      preflight.assertDifferentiable();
      return runHead(activations, context);
    },
    maskInput: (x, sample, masks) =>
      tf.tidy(() => {
        const image = tf.slice(x, [sample, 0, 0, 0], [1, ...x.shape.slice(1)]);
        return tf.mul(image, tf.expandDims(masks, channelAxis)) as tf.Tensor4D;
      }),
    guidedGradients: (x, score) => {
      checkInput(x);
      return tf.tidy(() => {
        const gradient = withGuidedRelu(() =>
          tf.grad((image: tf.Tensor) => tf.sum(score(runWhole(image, guidedClip))))(x),
        );
        return (layout === 'NCHW' ? tf.transpose(gradient, [0, 2, 3, 1]) : gradient) as tf.Tensor4D;
      });
    },
    predict: (x) => {
      checkInput(x);
      return tf.tidy(() => runWhole(x));
    },
  };
}

/** Whether the body runs on onnxruntime: asked for, or the default when the model has it. */
function bodyRuntime(
  exec: OnnxExecutor,
  execution: OnnxAdapterOptions['execution'],
): SplitRuntime | undefined {
  if (execution !== undefined && execution !== 'onnxruntime' && execution !== 'tfjs') {
    throw new GradcamError(`execution must be 'onnxruntime' or 'tfjs'; got '${execution}'`);
  }
  const runtime = exec.runtime;
  if ('unavailable' in runtime) {
    if (execution === 'onnxruntime') {
      throw new GradcamError(
        `execution 'onnxruntime' was asked for, but ${runtime.unavailable} (load the model with loadOnnxFile, or loadOnnx with { runtime: await findOnnxRuntime() })`,
      );
    }
    return undefined;
  }
  return execution === 'tfjs' ? undefined : runtime;
}
