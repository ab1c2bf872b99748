import { fail } from '@gradcam/core';
import { listTensors, type OnnxExecutor } from '@gradcam/onnx';
import * as tf from '@tensorflow/tfjs-core';

/** What the recogniser's graph says about itself, measured once at load. */
export interface LineModelFacts {
  inputName: string;
  outputName: string;
  classes: number;
  /** The last 2-D feature map (height > 1) before the pooling into a sequence. */
  backboneMap: string;
  backboneShape: number[];
}

/** Probes a CTC recogniser `[batch, 3, H, W] -> [batch, T, classes]` at one line width. */
export function probeLineModel(exec: OnnxExecutor, height: number, width: number): LineModelFacts {
  if (exec.inputs.length !== 1 || exec.outputs.length !== 1) {
    fail(
      `a text recogniser has one image input and one output [batch, time steps, classes]; this model has ` +
        `${exec.inputs.length} inputs and ${exec.outputs.length} outputs`,
    );
  }
  const inputName = exec.inputs[0].name;
  const outputName = exec.outputs[0].name;
  const tensors = listTensors(exec, { inputShape: [1, 3, height, width] });
  // The backbone ends where a 4-D map first collapses to one row (the pooling into a sequence);
  // reshapes of the sequence back to 4-D after that are not images.
  const isMap = (t: (typeof tensors)[number]) => t.explainable && t.shape?.length === 4;
  const collapse = tensors.findIndex((t) => isMap(t) && t.shape![2] === 1 && t.shape![3] > 1);
  const maps = tensors
    .slice(0, collapse < 0 ? tensors.length : collapse)
    .filter((t) => isMap(t) && t.shape![2] > 1);
  const last = maps[maps.length - 1];
  if (!last?.shape) {
    fail(
      `the recogniser has no 2-D feature map (height > 1) to explain at input [1, 3, ${height}, ${width}]`,
    );
  }
  const probe = tf.tidy(() =>
    runLine(exec, tf.zeros([1, 3, height, width]) as tf.Tensor4D, inputName, outputName),
  );
  const shape = probe.shape;
  probe.dispose();
  if (shape.length !== 3) {
    fail(`a text recogniser's output is [batch, time steps, classes]; this model's is [${shape.join(', ')}]`);
  }
  return {
    inputName,
    outputName,
    classes: shape[2],
    backboneMap: last.name,
    backboneShape: last.shape as number[],
  };
}

/** The recogniser's per-step probabilities `[batch, T, classes]`, on onnxruntime when it is attached. */
export function runLine(
  exec: OnnxExecutor,
  input: tf.Tensor4D,
  inputName: string,
  outputName: string,
): tf.Tensor3D {
  const runtime = exec.runtime;
  if (!('unavailable' in runtime)) return runtime.run({ [inputName]: input }, [outputName])[0] as tf.Tensor3D;
  return exec.run({ [inputName]: input }, [outputName])[0] as tf.Tensor3D;
}
