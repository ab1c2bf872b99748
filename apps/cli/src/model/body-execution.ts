import { GradcamError } from '@gradcam/core';
import { findOnnxRuntime } from '@gradcam/onnx';
import { onOnnxRuntime } from '@gradcam/tfjs';
import type { ModelAdapters } from './adapter-for';

export const EXECUTION_CHOICES = ['auto', 'tfjs', 'onnxruntime'] as const;
export type Execution = (typeof EXECUTION_CHOICES)[number];

export const EXECUTION_HELP =
  'where the model runs up to the explained layer: auto (onnxruntime-node when it is installed and ' +
  'every layer before the cut can be exported to ONNX, else TF.js), tfjs, or onnxruntime (an error if it cannot)';

/**
 * A TF.js model's adapters with their bodies on onnxruntime-node when `execution` allows it and
 * every layer or node before the cut is exported; each explained layer says where its body runs
 * (and why not on onnxruntime), in the printed layer line and the JSON.
 */
export async function withBodyExecution(
  adapters: ModelAdapters,
  execution: Execution = 'auto',
): Promise<ModelAdapters & { release(): void }> {
  if (execution === 'tfjs') {
    const layers = adapters.layers.map((l) => ({
      ...l,
      execution: 'tfjs' as const,
      choice: `${l.choice}; the body runs in TF.js (--execution tfjs)`,
    }));
    return { ...adapters, layers, release() {} };
  }
  const runtime = await findOnnxRuntime();
  const split = adapters.adapters.map((a) =>
    onOnnxRuntime(a as Parameters<typeof onOnnxRuntime>[0], runtime),
  );
  const release = () => {
    for (const a of split) a.dispose();
  };
  const refused = split.find((a) => a.execution === 'tfjs');
  if (execution === 'onnxruntime' && refused) {
    release();
    throw new GradcamError(
      `--execution onnxruntime: the body cannot run on onnxruntime: ${refused.executionReason} (--execution tfjs or auto runs it in TF.js)`,
    );
  }
  const layers = adapters.layers.map((l, i) => ({
    ...l,
    execution: split[i].execution,
    ...(split[i].executionReason ? { executionReason: split[i].executionReason } : {}),
    choice:
      split[i].execution === 'onnxruntime'
        ? `${l.choice}; the body runs on onnxruntime`
        : `${l.choice}; the body runs in TF.js: ${split[i].executionReason}`,
  }));
  return { ...adapters, adapters: split, layers, predict: (x) => split[0].predict(x), release };
}
