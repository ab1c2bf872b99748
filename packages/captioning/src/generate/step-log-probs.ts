import * as tf from '@tensorflow/tfjs-core';
import type { Captioner } from '../captioner';
import type { DecoderState } from '../decoder/decoder';

/** One decoding step for every row: the next token's log-probabilities `[rows, V]` and the new state. */
export async function stepLogProbs(
  captioner: Captioner,
  state: DecoderState,
  previous: number[],
): Promise<{ logProbs: Float32Array; state: DecoderState }> {
  const out = tf.tidy(() => {
    const step = captioner.decoder.step(state, tf.tensor1d(previous, 'int32'));
    return { logProbs: tf.logSoftmax(step.logits), state: step.state };
  });
  const logProbs = (await out.logProbs.data()) as Float32Array;
  out.logProbs.dispose();
  return { logProbs, state: out.state };
}
