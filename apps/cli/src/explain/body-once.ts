import type { BodyContext, BodyResult, ExplainableModel } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';

type Adapter = ExplainableModel<any, any, any>;

/** One run of the first layer's body on an image, shared by the class choice and the explanation. */
export interface BodyOnce {
  /** The head's outputs on that run: the model's scores, owned by this object. */
  outputs: tf.Tensor;
  /** The adapters for explain(): the first one's body hands back that run for this very input. */
  adapters: Adapter[];
  /** Frees the run and the scores. */
  dispose(): void;
}

/**
 * Runs the first adapter's body once on `input` and its head once, without a tape, to score the
 * classes. Picking classes with the model's whole forward would run the body a second time, and
 * in TF.js even when onnxruntime holds it (326 of 570 ms per image on ResNet-50); here the scores
 * are the head's outputs on the body run the explanation then reuses. Every explain() call on the
 * same input (counterfactual, --compare) gets clones of that run, since the engine disposes what a
 * body returns; any other input (Score-CAM's masked images) runs the body anew.
 */
export function bodyOnce(adapters: readonly Adapter[], input: tf.Tensor): BodyOnce {
  const [first, ...rest] = adapters;
  const run = first.body(input) as BodyResult<BodyContext>;
  let outputs: tf.Tensor;
  try {
    outputs = tf.tidy(() => first.head(run.activations, run.context) as tf.Tensor);
  } catch (error) {
    release(run);
    throw error;
  }
  const reused: Adapter = Object.assign(Object.create(first) as Adapter, {
    body: (x: unknown) => (x === input ? cloneRun(run) : first.body(x)),
  });
  return {
    outputs,
    adapters: [reused, ...rest],
    dispose: () => {
      release(run);
      outputs.dispose();
    },
  };
}

function cloneRun(run: BodyResult<BodyContext>): BodyResult<BodyContext> {
  const context = Object.fromEntries(
    Object.entries(run.context).map(([k, v]) => [k, v instanceof tf.Tensor ? v.clone() : v]),
  );
  return { activations: run.activations.clone(), context };
}

function release(run: BodyResult<BodyContext>): void {
  run.activations.dispose();
  for (const v of Object.values(run.context)) if (v instanceof tf.Tensor) v.dispose();
}
