import { GradcamError } from '@gradcam/core';
import type { OnnxExecutor } from '@gradcam/onnx';
import * as tf from '@tensorflow/tfjs-core';

/** A tensor of the encoder graph that holds one row per token: `[1, prefix + rows * cols, width]`. */
export interface TokenTensor {
  name: string;
  /** Shape at batch 1. */
  shape: number[];
  /** Tokens before the patch tokens (the class token, a distillation token): dropped from the map. */
  prefix: number;
  /** The op that computes it (`Add` for a residual block output). */
  opType: string;
}

export interface EncoderLayers {
  input: string;
  output: string;
  /** Token tensors on the way from the image to the encoder output, in execution order. */
  candidates: TokenTensor[];
  /**
   * The default: the last residual sum before the output (the last block's output): an `Add` of two
   * computed tensors of the output's shape (a written-out LayerNorm's bias `Add` has a constant).
   */
  defaultLayer: TokenTensor;
  /** Shape (at batch 1) and dtype of every tensor the encoder computes. */
  facts: Map<string, TensorFacts>;
}

export interface TensorFacts {
  shape: number[];
  dtype: string;
}

/** Patch tokens come last; more than this many leading tokens is not a prefix but another layout. */
const MAX_PREFIX = 8;

/**
 * Finds the tensors of a ViT-style encoder graph that can be explained: float tensors of shape
 * `[1, prefix + patches, width]` that are computed from the image and lead to the output,
 * measured by one pass on a blank image.
 */
export function encoderLayers(
  exec: OnnxExecutor,
  imageSize: [number, number],
  grid: [number, number],
): EncoderLayers {
  const input = exec.inputs[0]?.name;
  const output = exec.outputs[0]?.name;
  if (exec.inputs.length !== 1 || !input || !output) {
    throw new GradcamError(
      `the encoder graph takes ${exec.inputs.map((i) => i.name).join(', ') || 'no inputs'}; a vision encoder with one image input (pixel_values) is needed`,
    );
  }
  const shapes = new Map<string, TensorFacts>();
  tf.tidy(() => {
    const blank = tf.zeros([1, 3, imageSize[0], imageSize[1]]);
    exec.run({ [input]: blank }, [output], {
      onTensor: (name, shape, dtype) => {
        shapes.set(name, { shape, dtype });
      },
    });
  });
  const patches = grid[0] * grid[1];
  const toOutput = ancestorsOf(exec, output);
  const candidates: TokenTensor[] = [];
  const residuals: TokenTensor[] = [];
  const outputShape = shapes.get(output)?.shape.join(',');
  for (const node of exec.index.order) {
    for (const name of node.outputs) {
      const facts = shapes.get(name);
      // Width 1: per-token statistics of a written-out LayerNorm, not features.
      if (!facts || !toOutput.has(name) || facts.dtype !== 'float32' || facts.shape.length !== 3) continue;
      if (facts.shape[2] < 2) continue;
      const prefix = facts.shape[1] - patches;
      if (facts.shape[0] !== 1 || prefix < 0 || prefix > MAX_PREFIX) continue;
      const tensor = { name, shape: facts.shape, prefix, opType: node.opType };
      candidates.push(tensor);
      const computed = node.inputs.filter((i) => i !== '' && !exec.isConstant(i)).length === 2;
      if (node.opType === 'Add' && computed && name !== output && facts.shape.join(',') === outputShape) {
        residuals.push(tensor);
      }
    }
  }
  const defaultLayer = residuals[residuals.length - 1] ?? candidates[candidates.length - 1];
  if (!defaultLayer) {
    throw new GradcamError(
      `no tensor of the encoder holds ${patches} patch tokens (a ${grid[0]}x${grid[1]} grid from the config's image_size / patch_size) ` +
        'as [1, tokens, width]: this encoder does not look like a ViT',
    );
  }
  return { input, output, candidates, defaultLayer, facts: shapes };
}

/** The named layer, or an error listing the layers that can be named. */
export function chooseLayer(layers: EncoderLayers, name: string | undefined): TokenTensor {
  if (name === undefined) return layers.defaultLayer;
  const found = layers.candidates.find((c) => c.name === name);
  if (found) return found;
  const list = layers.candidates.map((c) => `${c.name} [${c.shape.join(', ')}]`);
  throw new GradcamError(
    `unknown encoder layer '${name}': the tensors of patch tokens that can be explained are ${list.join(', ')} ` +
      `(default: ${layers.defaultLayer.name}, the last block's output)`,
  );
}

/** Tensors that `to` is computed from, itself included. */
export function ancestorsOf(exec: OnnxExecutor, to: string): Set<string> {
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (name === '' || seen.has(name)) continue;
    seen.add(name);
    for (const input of exec.index.producer.get(name)?.inputs ?? []) stack.push(input);
  }
  return seen;
}

/** Tensors computed from `from`, themselves included. */
export function descendantsOf(exec: OnnxExecutor, from: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const node of exec.index.consumers.get(name) ?? [])
      for (const out of node.outputs) if (out) stack.push(out);
  }
  return seen;
}
