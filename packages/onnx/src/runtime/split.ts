import type * as tf from '@tensorflow/tfjs-core';
import { encodeModel, withExtraOutputs } from '../proto/encode';
import type { OnnxModel } from '../proto/types';
import type { OnnxRuntime, RuntimeSession } from './onnxruntime';

/**
 * The body of a cut model on onnxruntime: the model's own bytes with the cut tensor and every
 * tensor crossing the cut added as graph outputs, one session per set of such outputs. The file's
 * bytes are let go once the first session holds the weights (a third copy of them otherwise, 97 MiB
 * on ResNet-50); a later session, for another cut, is opened from the parsed model written anew.
 */
export class SplitRuntime {
  private readonly sessions = new Map<string, RuntimeSession>();
  /** `.onnx` bytes with every tensor inline, until the first session is open. */
  private bytes?: Uint8Array;

  constructor(
    readonly runtime: OnnxRuntime,
    bytes: Uint8Array,
    /** The graph's declared outputs, which need not (and must not) be added again. */
    private readonly outputs: Set<string>,
    /** The parsed model the bytes hold, to write them again once they are let go; without it they are kept. */
    private readonly model?: OnnxModel,
  ) {
    this.bytes = bytes;
  }

  /** Whether the file's bytes are still held (until the first session opens). */
  get holdsBytes(): boolean {
    return this.bytes !== undefined;
  }

  /** Computes `fetches` (any tensors of the graph) from `feeds` natively; ONNX layout, caller owns them. */
  run(feeds: Record<string, tf.Tensor>, fetches: string[]): tf.Tensor[] {
    const key = fetches.join('\u0000');
    let session = this.sessions.get(key);
    if (!session) {
      const extra = fetches.filter((name) => !this.outputs.has(name));
      // Names only: ORT infers each output's type, and a declared type that disagreed would fail.
      const bytes = withExtraOutputs(
        this.bytes ?? encodeModel(this.model!),
        extra.map((name) => ({ name })),
      );
      // Let go before onnxruntime reads the copy: two copies of the file at once, not three.
      if (this.model) this.bytes = undefined;
      session = this.runtime.session(bytes);
      this.sessions.set(key, session);
    }
    return session.run(feeds, fetches);
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
  }
}
