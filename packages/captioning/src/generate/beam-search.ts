import type * as tf from '@tensorflow/tfjs-core';
import type { Captioner } from '../captioner';
import { disposeState, gatherRows } from '../decoder/state';
import {
  type GeneratedCaption,
  generatedCaption,
  isBanned,
  normalizedScore,
  type ResolvedGenerationOptions,
} from './options';
import { startState } from './start-state';
import { stepLogProbs } from './step-log-probs';

interface Hypothesis {
  ids: number[];
  logProbs: number[];
  sum: number;
}

interface Candidate {
  parent: number;
  id: number;
  logProb: number;
  sum: number;
}

/**
 * Beam search. Each step extends every live hypothesis by every token and keeps the best
 * `beamWidth` by log-probability; a candidate that ends (`<end>`) among those best is set aside
 * as a finished caption, and hypotheses still going after `maxLength` tokens are set aside as cut
 * ones. The search stops when no live hypothesis can still beat the best caption set aside: a
 * log-probability only falls as tokens are added, so a live one's final score is at most
 * `sum / maxLength^lengthPenalty`. Returns the best caption set aside by the length-normalised
 * score. With width 1 this is greedy decoding.
 */
export async function beamSearchCaption(
  captioner: Captioner,
  image: tf.Tensor4D,
  options: ResolvedGenerationOptions,
): Promise<GeneratedCaption> {
  const { vocabulary } = captioner;
  const { beamWidth, maxLength, lengthPenalty } = options;
  const caption = (h: Hypothesis, finished: boolean) =>
    generatedCaption(h.ids, h.logProbs, finished, vocabulary, lengthPenalty);
  let state = startState(captioner, image);
  let beams: Hypothesis[] = [{ ids: [], logProbs: [], sum: 0 }];
  const finished: GeneratedCaption[] = [];
  // The best final score a live hypothesis can still reach (see above).
  const bound = (h: Hypothesis) => normalizedScore(h.sum, maxLength, lengthPenalty);
  try {
    for (let length = 1; length <= maxLength; length++) {
      const previous = beams.map((b) => b.ids.at(-1) ?? vocabulary.start);
      const step = await stepLogProbs(captioner, state, previous);
      const candidates = bestCandidates(beams, step.logProbs, vocabulary.size, 2 * beamWidth, (v) =>
        isBanned(v, vocabulary),
      );
      const next: Candidate[] = [];
      for (const [rank, c] of candidates.entries()) {
        const parent = beams[c.parent];
        const extended = {
          ids: [...parent.ids, c.id],
          logProbs: [...parent.logProbs, c.logProb],
          sum: c.sum,
        };
        if (c.id === vocabulary.end) {
          if (rank < beamWidth) finished.push(caption(extended, true));
        } else if (next.length < beamWidth) next.push(c);
        if (next.length === beamWidth) break;
      }
      const nextBeams = next.map((c) => ({
        ids: [...beams[c.parent].ids, c.id],
        logProbs: [...beams[c.parent].logProbs, c.logProb],
        sum: c.sum,
      }));
      const nextState = gatherRows(
        step.state,
        next.map((c) => c.parent),
      );
      disposeState(step.state);
      disposeState(state);
      state = nextState;
      beams = nextBeams;
      if (beams.length === 0 || length === maxLength) break;
      const best = Math.max(...finished.map((c) => c.score));
      if (beams.every((b) => bound(b) <= best)) break;
    }
    const pool = [
      ...finished,
      ...(beams[0]?.ids.length === maxLength ? beams.map((b) => caption(b, false)) : []),
    ];
    return pool.reduce((best, c) => (c.score > best.score ? c : best));
  } finally {
    disposeState(state);
  }
}

/** The `count` best extensions of the beams by total log-probability, best first. */
function bestCandidates(
  beams: Hypothesis[],
  logProbs: Float32Array,
  vocabularySize: number,
  count: number,
  banned: (id: number) => boolean,
): Candidate[] {
  const all: Candidate[] = [];
  beams.forEach((beam, parent) => {
    for (let id = 0; id < vocabularySize; id++) {
      if (banned(id)) continue;
      const logProb = logProbs[parent * vocabularySize + id];
      all.push({ parent, id, logProb, sum: beam.sum + logProb });
    }
  });
  return all.sort((a, b) => b.sum - a.sum).slice(0, count);
}
