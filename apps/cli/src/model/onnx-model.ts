import type { ExplainableModel } from '@gradcam/core';
import {
  imageLayout,
  listTensors,
  loadOnnxFile,
  type OnnxAdapter,
  type OnnxExecutor,
  onnxModelAdapter,
} from '@gradcam/onnx';
import * as tf from '@tensorflow/tfjs-core';
import type { LayerRow, ModelAdapters } from './adapter-for';
import { measuredInputShape } from './open-input-shape';
import type { PreprocessingOptions } from './preprocessing';

/** `.onnx` files go to @gradcam/onnx; everything else is a TF.js model. */
export function isOnnxPath(source: string): boolean {
  return source.toLowerCase().endsWith('.onnx');
}

/** ONNX's symbolic dimensions (`batch`) read as unknown, as LayersModels write them. */
const known = (d: number | string | null | undefined): number | null =>
  typeof d === 'number' && d >= 0 ? d : null;

/**
 * The CLI feeds NHWC image batches; an ONNX image model takes NCHW (a tf2onnx export NHWC). Each adapter is wrapped to
 * transpose its input once; guided gradients already come back NHWC, and Score-CAM masks the NHWC
 * input itself (no maskInput).
 */
function nhwc(adapter: OnnxAdapter): ExplainableModel<tf.Tensor4D, Record<string, tf.Tensor>, tf.Tensor> {
  // A channels-last model (a tf2onnx export) takes the CLI's batch as it is; the copy keeps disposal uniform.
  const nchw = (x: tf.Tensor4D) =>
    (adapter.inputLayout === 'NCHW' ? tf.transpose(x, [0, 3, 1, 2]) : tf.clone(x)) as tf.Tensor4D;
  return {
    layer: adapter.layer,
    body: (x) => {
      const input = nchw(x);
      try {
        return adapter.body(input);
      } finally {
        input.dispose();
      }
    },
    head: (activations, context) => adapter.head(activations, context),
    inputSize: (x) => [x.shape[1], x.shape[2]],
    guidedGradients: (x, score) => {
      const input = nchw(x);
      try {
        return adapter.guidedGradients!(input, score);
      } finally {
        input.dispose();
      }
    },
  };
}

/** The executor cut at the requested tensors (or the default one), for `explain()` on NHWC images. */
export function onnxAdapters(
  exec: OnnxExecutor,
  tensors: readonly string[],
  output?: string,
  inputShape?: number[],
): ModelAdapters {
  const names = [...new Set(tensors)];
  const adapters =
    names.length > 0
      ? onnxModelAdapter(exec, { tensor: names, output, inputShape })
      : [onnxModelAdapter(exec, { output, inputShape })];
  const [first] = adapters;
  return {
    adapters: adapters.map(nhwc),
    layers: adapters.map((a) => ({
      name: a.tensor,
      execution: a.execution,
      choice: `${a.tensorChoice}; the body runs on ${a.execution === 'onnxruntime' ? 'onnxruntime' : 'TF.js'}`,
      shape: a.tensorShape,
    })),
    predict: (x) =>
      tf.tidy(() =>
        first.predict(first.inputLayout === 'NCHW' ? (tf.transpose(x, [0, 3, 1, 2]) as tf.Tensor4D) : x),
      ),
    scoresLogits: first.scoresLogits,
    // Described as the NHWC batch the CLI feeds: [batch, height, width, channels].
    inputs: exec.inputs.map((i) => ({
      name: i.name,
      shape:
        i.shape?.length === 4 && imageLayout(i.shape) === 'NCHW'
          ? [known(i.shape[0]), known(i.shape[2]), known(i.shape[3]), known(i.shape[1])]
          : i.shape?.map(known),
    })),
    // The scored tensor is the output, or the logits of the same shape before its Softmax.
    outputShape: (output === undefined && exec.outputs.length === 1
      ? exec.outputs[0]
      : exec.outputs.find((o) => o.name === output)
    )?.shape?.map(known),
  };
}

/** Every tensor of an ONNX model for `gradcam layers` (shapes NCHW at batch 1). */
export async function onnxLayerRows(
  path: string,
  output?: string,
  shape: PreprocessingOptions = {},
): Promise<LayerRow[]> {
  const exec = await loadOnnxFile(path, { execution: 'tfjs' });
  try {
    const inputShape = measuredInputShape(exec.inputs, imageLayout(exec.inputs[0]?.shape), shape);
    return listTensors(exec, { output, inputShape }).map((t) => ({
      name: t.name,
      type: t.op,
      shape: t.shape ?? [],
      explainable: t.explainable,
      isDefault: t.isDefault,
      ...(t.defaultReason ? { defaultReason: t.defaultReason } : {}),
    }));
  } finally {
    exec.dispose();
  }
}
