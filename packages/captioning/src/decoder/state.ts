import * as tf from '@tensorflow/tfjs-core';
import type { DecoderState } from './decoder';

/** The state of the rows `indices` (rows may repeat): how beam search follows its hypotheses. */
export function gatherRows(state: DecoderState, indices: number[]): DecoderState {
  return tf.tidy(() => {
    const at = tf.tensor1d(indices, 'int32');
    return Object.fromEntries(Object.entries(state).map(([k, t]) => [k, tf.gather(t, at)]));
  });
}

/** Frees a state's tensors; tensors shared with `keep` (another state) stay. */
export function disposeState(state: DecoderState, keep?: DecoderState): void {
  const kept = new Set(Object.values(keep ?? {}));
  for (const t of Object.values(state)) if (!kept.has(t)) t.dispose();
}
