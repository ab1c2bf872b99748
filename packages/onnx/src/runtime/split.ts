import type * as tf from '@tensorflow/tfjs-core';
import { withExtraOutputs } from '../proto/encode';
import type { OnnxRuntime, RuntimeSession } from './onnxruntime';

/**
 * The body of a cut model on onnxruntime: the model's own bytes with the cut tensor and every
 * tensor crossing the cut added as graph outputs, one session per set of such outputs.
 */
export class SplitRuntime {
  private readonly sessions = new Map<string, RuntimeSession>();

  constructor(
    readonly runtime: OnnxRuntime,
    /** `.onnx` bytes with every tensor inline. */
    private readonly bytes: Uint8Array,
    /** The graph's declared outputs, which need not (and must not) be added again. */
    private readonly outputs: Set<string>,
  ) {}

  /** Computes `fetches` (any tensors of the graph) from `feeds` natively; ONNX layout, caller owns them. */
  run(feeds: Record<string, tf.Tensor>, fetches: string[]): tf.Tensor[] {
    const key = fetches.join('\u0000');
    let session = this.sessions.get(key);
    if (!session) {
      const extra = fetches.filter((name) => !this.outputs.has(name));
      // Names only: ORT infers each output's type, and a declared type that disagreed would fail.
      session = this.runtime.session(
        withExtraOutputs(
          this.bytes,
          extra.map((name) => ({ name })),
        ),
      );
      this.sessions.set(key, session);
    }
    return session.run(feeds, fetches);
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
  }
}
