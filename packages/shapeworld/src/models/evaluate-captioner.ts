import type { Captioner } from '@gradcam/captioning';
import * as tf from '@tensorflow/tfjs-core';
import { COLORS, SHAPES } from '../world/palette';
import { holds, RELATIONS, type Relation } from '../world/relations';
import type { Scene } from '../world/scene';
import { scenesToTensor } from './classifier-data';

/** How well captions name the objects of their scenes (see `evaluateCaptioner`). */
export interface CaptionerEvaluation {
  scenes: number;
  /** Named (colour, shape) pairs that are objects of the scene, over all named pairs. */
  precision: number;
  /** Objects named at least once, over all objects. */
  recall: number;
  /** Captions naming every object exactly once and nothing else. */
  exact: number;
  /** Stated relations ("a red circle left of a blue square") that hold, over those stated between real objects. */
  relationAccuracy: number;
  relations: number;
  /** Named pairs and objects, the counts behind precision and recall. */
  named: number;
  objects: number;
  /** Each scene's caption. */
  captions: string[];
}

/** One scene's caption read back: the (colour, shape) pairs it names and the relations it states. */
export interface ParsedCaption {
  pairs: { color: string; shape: string }[];
  relations: { a: number; relation: Relation; b: number }[];
}

const isColor = (w: string) => (COLORS as readonly string[]).includes(w);
const isShape = (w: string) => (SHAPES as readonly string[]).includes(w);

/** The pairs a caption names (a colour word right before a shape word) and the relations between them. */
export function parseCaption(words: readonly string[]): ParsedCaption {
  const pairs: ParsedCaption['pairs'] = [];
  const relations: ParsedCaption['relations'] = [];
  let pending: Relation | undefined;
  for (let i = 0; i < words.length; i++) {
    if (isColor(words[i]) && isShape(words[i + 1] ?? '')) {
      if (pending && pairs.length > 0)
        relations.push({ a: pairs.length - 1, relation: pending, b: pairs.length });
      pairs.push({ color: words[i], shape: words[i + 1] });
      pending = undefined;
      i++;
      continue;
    }
    const two = `${words[i]} ${words[i + 1] ?? ''}`;
    const relation = RELATIONS.find((r) => r === words[i] || r === two);
    if (relation) pending = relation;
    else if (words[i] === 'and') pending = undefined;
  }
  return { pairs, relations };
}

/**
 * Greedy captions of a batch of scenes, decoded together: at every step each row takes its most
 * probable token (never `<pad>` or `<start>`, as `generateCaption` does), until `<end>`.
 * Returns the words of each caption.
 */
export function greedyCaptions(captioner: Captioner, scenes: readonly Scene[], batchSize = 50): string[][] {
  const { vocabulary, decoder } = captioner;
  const out: string[][] = [];
  for (let start = 0; start < scenes.length; start += batchSize) {
    const batch = scenes.slice(start, start + batchSize);
    const ids: number[][] = batch.map(() => []);
    tf.tidy(() => {
      const features = captioner.encoder.predict(scenesToTensor(batch)) as tf.Tensor;
      const banned = tf.oneHot([vocabulary.pad, vocabulary.start], vocabulary.size).sum(0).mul(-1e9);
      let state = decoder.begin(features);
      let previous = tf.fill([batch.length], vocabulary.start, 'int32') as tf.Tensor1D;
      const done = batch.map(() => false);
      for (let t = 0; t <= captioner.maxCaptionLength && !done.every(Boolean); t++) {
        const step = decoder.step(state, previous);
        previous = step.logits.add(banned).argMax(1).toInt() as tf.Tensor1D;
        state = step.state;
        const chosen = previous.dataSync();
        chosen.forEach((id, r) => {
          if (done[r]) return;
          if (id === vocabulary.end) done[r] = true;
          else ids[r].push(id);
        });
      }
    });
    out.push(...ids.map((row) => row.map((id) => vocabulary.tokenOf(id))));
  }
  return out;
}

/** Precision, recall and relation accuracy of already written captions against their scenes. */
export function scoreCaptions(scenes: readonly Scene[], captions: readonly string[][]): CaptionerEvaluation {
  let named = 0;
  let right = 0;
  let objects = 0;
  let found = 0;
  let exact = 0;
  let relations = 0;
  let relationsRight = 0;
  scenes.forEach((scene, s) => {
    const parsed = parseCaption(captions[s]);
    const indexOf = (p: { color: string; shape: string }) =>
      scene.objects.findIndex((o) => o.color === p.color && o.shape === p.shape);
    const hits = parsed.pairs.map(indexOf);
    named += hits.length;
    right += hits.filter((i) => i >= 0).length;
    objects += scene.objects.length;
    const distinct = new Set(hits.filter((i) => i >= 0));
    found += distinct.size;
    if (distinct.size === scene.objects.length && hits.length === scene.objects.length) exact++;
    for (const { a, relation, b } of parsed.relations) {
      if (hits[a] < 0 || hits[b] < 0) continue;
      relations++;
      if (holds(relation, scene.objects[hits[a]], scene.objects[hits[b]])) relationsRight++;
    }
  });
  return {
    scenes: scenes.length,
    precision: named ? right / named : 0,
    recall: objects ? found / objects : 0,
    exact: exact / scenes.length,
    relationAccuracy: relations ? relationsRight / relations : 0,
    relations,
    named,
    objects,
    captions: captions.map((c) => c.join(' ')),
  };
}

/** The captioner's greedy captions of `scenes`, scored: precision, recall, exact captions, relations. */
export function evaluateCaptioner(captioner: Captioner, scenes: readonly Scene[]): CaptionerEvaluation {
  return scoreCaptions(scenes, greedyCaptions(captioner, scenes));
}
