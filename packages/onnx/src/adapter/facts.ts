import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxExecutor } from '../executor/executor';
import { tfDtype } from '../executor/to-tensor';
import type { OnnxValueInfo } from '../proto/types';

/** Shape (ONNX layout, batch 1 where the model leaves the batch open) and dtype of a tensor. */
export interface TensorFacts {
  shape: number[];
  dtype: tf.DataType;
}

export type GraphFacts = Map<string, TensorFacts>;

const measured = new WeakMap<OnnxExecutor, Map<string, GraphFacts>>();

/**
 * Every tensor's shape and dtype, measured by one forward pass on zeros (once per model and input
 * shape). The explained input's shape comes from `inputShape`, else from the model's declaration
 * with an open batch dimension set to 1.
 */
export function probeGraph(exec: OnnxExecutor, inputName: string, inputShape?: number[]): GraphFacts {
  const key = JSON.stringify([inputName, inputShape ?? null]);
  let perShape = measured.get(exec);
  if (!perShape) {
    perShape = new Map();
    measured.set(exec, perShape);
  }
  const known = perShape.get(key);
  if (known) return known;

  const facts: GraphFacts = new Map();
  const feeds: Record<string, tf.Tensor> = {};
  for (const info of exec.inputs) {
    const shape = info.name === inputName && inputShape ? inputShape : declaredShape(info);
    const dtype = info.dataType ? tfDtype(info.dataType) : 'float32';
    feeds[info.name] = tf.zeros(shape, dtype === 'string' ? 'float32' : dtype);
    facts.set(info.name, { shape, dtype });
  }
  try {
    const outputs = exec.run(
      feeds,
      exec.outputs.map((o) => o.name),
      {
        onTensor: (name, shape, dtype) => facts.set(name, { shape: shape.slice(), dtype }),
        // The weights the body reads stay out of TF.js when onnxruntime runs it.
        transient: true,
      },
    );
    tf.dispose(outputs);
  } finally {
    tf.dispose(Object.values(feeds));
  }
  perShape.set(key, facts);
  return facts;
}

function declaredShape(info: OnnxValueInfo): number[] {
  if (!info.shape) {
    throw new GradcamError(
      `the model does not declare the shape of its input '${info.name}': pass inputShape`,
    );
  }
  return info.shape.map((d, i) => {
    if (typeof d === 'number' && d > 0) return d;
    if (i === 0) return 1;
    throw new GradcamError(
      `input '${info.name}' has an open dimension ${i} (${d ?? '?'}): pass inputShape, e.g. [1, 3, 224, 224]`,
    );
  });
}
