import { type ExplainableModel, GradcamError } from '@gradcam/core';
import { findOnnxRuntime, type OnnxRuntime } from '@gradcam/onnx';
import * as tf from '@tensorflow/tfjs-core';
import { type BodySpec, bodySpecOf } from './body-spec';
import type { ExportedBody } from './exported-body';
import { exportGraphBody } from './graph-export';
import { exportLayersBody } from './layers-export';

/** Where an adapter's body runs, and why it runs in TF.js when it does. */
export interface BodyExecution {
  readonly execution: 'onnxruntime' | 'tfjs';
  /** With 'tfjs': why the body was not exported (the layer or node and its op, or the runtime missing). */
  readonly executionReason?: string;
  /** Releases the onnxruntime session (nothing to do for a TF.js body). */
  dispose(): void;
}

type Adapter = ExplainableModel<any, any, tf.Tensor> & { predict(input: any): tf.Tensor };

export type WithBodyExecution<A> = A & BodyExecution;

/**
 * A TF.js adapter whose body (everything up to the cut) runs on onnxruntime-node, exported to an
 * ONNX graph in memory, while the head stays in TF.js, so the gradient path is the one the TF.js
 * adapter has. When a layer or node has no exact ONNX form here, or onnxruntime-node is not
 * installed, the adapter is returned as it is with `execution: 'tfjs'` and the reason.
 */
export async function withOnnxRuntimeBody<A extends Adapter>(adapter: A): Promise<WithBodyExecution<A>> {
  return onOnnxRuntime(adapter, await findOnnxRuntime());
}

/** The same with the runtime already found (or the sentence saying why it is not there). */
export function onOnnxRuntime<A extends Adapter>(
  adapter: A,
  runtime: OnnxRuntime | string,
): WithBodyExecution<A> {
  const spec = bodySpecOf(adapter);
  if (!spec)
    throw new GradcamError(
      'this adapter was not made by layersModelAdapter or graphModelAdapter, so its body cannot be exported',
    );
  const tfjs = (reason: string) => ({
    ...adapter,
    execution: 'tfjs' as const,
    executionReason: reason,
    dispose() {},
  });
  if (typeof runtime === 'string') return tfjs(runtime);
  const exported = exportBody(spec);
  if (typeof exported === 'string') return tfjs(`the body holds ${exported}, which is not exported to ONNX`);
  let session: ReturnType<OnnxRuntime['session']>;
  try {
    session = runtime.session(exported.bytes);
  } catch (e) {
    return tfjs(`onnxruntime refused the exported body (${(e as Error).message})`);
  }
  // Only the names are kept: the bytes (every weight once more) go once the session holds them.
  const { inputs, outputs } = exported;
  const contextKeys = spec.kind === 'layers' ? spec.crossing.map((r) => r.key) : spec.crossing;
  const inputsOf = (input: unknown): tf.Tensor[] =>
    spec.kind === 'layers' ? spec.inputs(input as never) : [input as tf.Tensor];
  const body = (input: unknown) => {
    const tensors = inputsOf(input);
    const feeds = Object.fromEntries(inputs.map((i) => [i.name, tensors[i.index]]));
    const [activations, ...crossed] = session.run(feeds, outputs);
    return {
      activations: activations as tf.Tensor4D,
      context: Object.fromEntries(contextKeys.map((key, i) => [key, crossed[i]])),
    };
  };
  return {
    ...adapter,
    body,
    // The whole model as body then head: the scores come from the same native forward.
    predict: (input: unknown) =>
      tf.tidy(() => {
        const { activations, context } = body(input);
        return adapter.head(activations, context);
      }),
    execution: 'onnxruntime',
    dispose: () => session.dispose(),
  };
}

function exportBody(spec: BodySpec): ExportedBody | string {
  if (spec.kind === 'layers') return exportLayersBody(spec.view, spec.cut, spec.crossing);
  return exportGraphBody(spec);
}
