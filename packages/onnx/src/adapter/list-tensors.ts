import type * as tf from '@tensorflow/tfjs-core';
import type { OnnxExecutor } from '../executor/executor';
import { cutSpace, explainableTensors } from './cut';
import { defaultTensor } from './default-cut';
import { probeGraph } from './facts';
import { resolveInput, resolveOutput, scoredTensor } from './model-ends';
import { checkTokenOption, type TokenLayout, type TokenOption } from './tokens';

export interface OnnxTensorInfo {
  /** Tensor name (what `tensor` of the adapter takes). */
  name: string;
  /** Node that computes it, and its op type. */
  node: string;
  op: string;
  /** NCHW shape at batch 1 (or `inputShape`), when measured. */
  shape?: number[];
  dtype?: tf.DataType;
  /**
   * True when the model can be cut here: a 4-D float map, or tokens with a grid, computed from the
   * input, that leads to the output.
   */
  explainable: boolean;
  /** The tensor explained when none is named (none when the model has several outputs and none was named). */
  isDefault: boolean;
  /** On the default row: why it is the default. */
  defaultReason?: string;
  /** On explainable token tensors: the grid they are shown as. */
  tokens?: TokenLayout;
}

export interface ListTensorsOptions {
  output?: string;
  inputName?: string;
  scoreBeforeSoftmax?: boolean;
  inputShape?: number[];
  tokens?: TokenOption;
}

/** Every node output in execution order (Constant nodes left out), with shapes and where the model can be cut. */
export function listTensors(model: OnnxExecutor, options: ListTensorsOptions = {}): OnnxTensorInfo[] {
  checkTokenOption(options.tokens);
  const input = resolveInput(model, options.inputName);
  const facts = probeGraph(model, input.name, options.inputShape);
  // Without a named output, a tensor is explainable for any of them; only one output has a default.
  const outputs =
    options.output === undefined && model.outputs.length > 1
      ? model.outputs.map((o) => o.name)
      : [resolveOutput(model, options.output)];
  const spaces = outputs.map((output) =>
    cutSpace(
      model,
      facts,
      input.name,
      scoredTensor(model, output, options.scoreBeforeSoftmax ?? true).tensor,
      options.tokens,
    ),
  );
  const explainable = new Set(spaces.flatMap((space) => explainableTensors(space)));
  let chosen: { tensor: string; reason: string } | undefined;
  try {
    chosen = spaces.length === 1 ? defaultTensor(spaces[0]) : undefined;
  } catch {
    chosen = undefined; // no spatial map leads to the output: nothing is chosen by default
  }
  return model.index.order
    .filter((node) => node.opType !== 'Constant')
    .flatMap((node) =>
      node.outputs
        .filter((name) => name !== '')
        .map((name) => {
          const f = facts.get(name);
          return {
            name,
            node: node.name,
            op: node.opType,
            ...(f ? { shape: f.shape.slice(), dtype: f.dtype } : {}),
            explainable: explainable.has(name),
            isDefault: name === chosen?.tensor,
            ...(name === chosen?.tensor ? { defaultReason: chosen.reason } : {}),
            ...(explainable.has(name) && spaces[0].tokens.has(name)
              ? { tokens: spaces[0].tokens.get(name) }
              : {}),
          };
        }),
    );
}
