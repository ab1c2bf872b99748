import { GradcamError } from '@gradcam/core';
import type { OnnxExecutor } from '../executor/executor';
import type { OnnxValueInfo } from '../proto/types';

/** The image input: the named one, or the graph's only input. */
export function resolveInput(exec: OnnxExecutor, name?: string): OnnxValueInfo {
  const inputs = exec.inputs;
  if (name !== undefined) {
    const found = inputs.find((i) => i.name === name);
    if (!found) throw new GradcamError(`no input '${name}'; the model's inputs: ${names(inputs)}`);
    return found;
  }
  if (inputs.length !== 1) {
    throw new GradcamError(
      `the model has ${inputs.length} inputs (${names(inputs)}): name the image with inputName`,
    );
  }
  return inputs[0];
}

/** The explained output: the named tensor (any tensor of the graph), or the graph's only output. */
export function resolveOutput(exec: OnnxExecutor, name?: string): string {
  if (name !== undefined) {
    if (!exec.index.producer.has(name)) {
      throw new GradcamError(`no tensor '${name}' to explain; the model's outputs: ${names(exec.outputs)}`);
    }
    return name;
  }
  if (exec.outputs.length !== 1) {
    throw new GradcamError(
      `the model has ${exec.outputs.length} outputs (${names(exec.outputs)}): name the one to explain with output (gradcam: --output <name>)`,
    );
  }
  return exec.outputs[0].name;
}

/**
 * The tensor whose entries are scored: the output, or the logits before it when it is a Softmax
 * (the paper scores pre-softmax values; a saturated softmax has vanishing gradients).
 */
export function scoredTensor(
  exec: OnnxExecutor,
  output: string,
  beforeSoftmax: boolean,
): { tensor: string; softmax?: string } {
  const producer = exec.index.producer.get(output);
  if (beforeSoftmax && producer?.opType === 'Softmax' && producer.inputs[0]) {
    return { tensor: producer.inputs[0], softmax: producer.name };
  }
  return { tensor: output };
}

function names(infos: OnnxValueInfo[]): string {
  return infos.length === 0 ? '(none)' : infos.map((i) => `'${i.name}'`).join(', ');
}
