import type * as tf from '@tensorflow/tfjs-core';
import type { Captioner } from '../captioner';
import { disposeState } from '../decoder/state';
import { type GeneratedCaption, generatedCaption, isBanned } from './options';
import { startState } from './start-state';
import { stepLogProbs } from './step-log-probs';

/** The most probable next token at every step, until `<end>` or `maxLength` tokens. */
export async function greedyCaption(
  captioner: Captioner,
  image: tf.Tensor4D,
  maxLength: number,
  lengthPenalty: number,
): Promise<GeneratedCaption> {
  const { vocabulary } = captioner;
  let state = startState(captioner, image);
  const ids: number[] = [];
  const logProbs: number[] = [];
  try {
    let previous = vocabulary.start;
    while (ids.length < maxLength) {
      const step = await stepLogProbs(captioner, state, [previous]);
      disposeState(state, step.state);
      state = step.state;
      let best = -1;
      for (let v = 0; v < vocabulary.size; v++) {
        if (!isBanned(v, vocabulary) && (best < 0 || step.logProbs[v] > step.logProbs[best])) best = v;
      }
      ids.push(best);
      logProbs.push(step.logProbs[best]);
      if (best === vocabulary.end) return generatedCaption(ids, logProbs, true, vocabulary, lengthPenalty);
      previous = best;
    }
    return generatedCaption(ids, logProbs, false, vocabulary, lengthPenalty);
  } finally {
    disposeState(state);
  }
}
