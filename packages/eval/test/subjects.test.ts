// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { selectBackend } from '@gradcam/core';
import {
  buildReferenceCaptioner,
  buildReferenceVqa,
  type CaptionerInfo,
  generateScene,
  scenesToTensor,
  trainingCaption,
  type VqaInfo,
} from '@gradcam/shapeworld';
import { explainAnswer } from '@gradcam/vqa';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { captionerSubject } from '../src/caption-subject';
import { Collector } from '../src/collector';
import { evaluateSubject } from '../src/evaluate-subject';
import { withSubsets } from '../src/settings';
import type { EvalSubject } from '../src/types';
import { mapVariants } from '../src/variants';
import { vqaSubject } from '../src/vqa-subject';

// Untrained (seeded) reference models: the plumbing of the caption and VQA paths, not their
// quality, which `gradcam eval` measures on the committed weights.
const scenes = [generateScene(11), generateScene(12)];
const settings = withSubsets(
  { scenes: 2, seed: 3, methods: ['gradcam'], models: ['captioner', 'vqa'] },
  {
    faithfulnessTargets: 1,
    occlusionTargets: 0,
    expensiveTargets: 100,
    randomisationTargets: 1,
    exampleScenes: 1,
  },
);

async function run(subject: EvalSubject) {
  const collector = new Collector();
  const result = await evaluateSubject(
    subject,
    scenes,
    mapVariants(['gradcam']),
    settings,
    collector,
    () => {},
  );
  return { collector, result, rows: collector.values.get(subject.model)! };
}

describe('eval subjects for the captioner and the VQA model', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('captioner: one item per colour and shape word, masks of the named objects, every row measured', async () => {
    const before = tf.memory().numTensors;
    const subject = captionerSubject(
      {
        model: buildReferenceCaptioner({ seed: 5 }),
        info: { featuresLayer: 'features', decoder: 'show-attend-tell' } as CaptionerInfo,
        dir: '',
      },
      1,
    );
    const items = subject.items(scenes[0], 0);
    const caption = trainingCaption(scenes[0]);
    expect(items.map((it) => caption.words[it.wordIndex])).toEqual(
      caption.links.filter((l) => l.role !== 'relation').map((l) => caption.words[l.word]),
    );
    for (const item of items) {
      const object = scenes[0].objects.find(
        (o) => o.color === caption.words[item.wordIndex] || o.shape === caption.words[item.wordIndex],
      )!;
      expect(item.boxes.length).toBeGreaterThan(0);
      expect(item.mask.data.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(object.area);
    }
    const maps = await subject.explain(scenes[0], items, { name: 'gradcam', method: 'gradcam' });
    expect(maps).toHaveLength(items.length);
    for (const m of maps) {
      expect([m.width, m.height]).toEqual([64, 64]);
      expect(Math.min(...m.data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...m.data)).toBeLessThanOrEqual(1);
    }
    const { rows, result } = await run(subject);
    expect(result.items).toBe(items.length + subject.items(scenes[1], 1).length);
    for (const row of ['gradcam', 'gradcam (counterfactual)', 'guided gradcam', 'centre']) {
      expect(rows.get(row)!.get('pointing')).toHaveLength(result.items);
      expect(rows.get(row)!.get('deletion')!.length).toBe(items.length);
    }
    expect(rows.get('gradcam')!.get('randomisedHead')).toHaveLength(items.length);
    subject.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('VQA: right answers resting on objects only, their objects the truth, every row measured', async () => {
    const before = tf.memory().numTensors;
    const model = buildReferenceVqa({ seed: 6 });
    const subject = vqaSubject({ model, info: { featuresLayer: 'features' } as VqaInfo, dir: '' }, 1);
    const items = subject.items(scenes[0], 0);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.question.objects.length).toBeGreaterThan(0);
      expect(item.label.endsWith(item.question.answer)).toBe(true);
      expect(item.boxes).toEqual(item.question.objects.map((i) => scenes[0].objects[i].box));
    }
    // The subject explains all questions of a scene in one engine call: the same maps as
    // explainAnswer gives question by question.
    const batched = await subject.explain(scenes[0], items, { name: 'gradcam', method: 'gradcam' });
    const image = scenesToTensor([scenes[0]]);
    for (const [k, item] of items.entries()) {
      const single = await explainAnswer(model, image, item.question.text, { answer: item.question.answer });
      const diff = single.answers[0].map.data.reduce(
        (m, v, i) => Math.max(m, Math.abs(v - batched[k].data[i])),
        0,
      );
      expect(diff).toBeLessThan(1e-5);
    }
    image.dispose();
    const { rows, result } = await run(subject);
    expect(rows.get('gradcam')!.get('pointing')!.length).toBe(result.items);
    expect(rows.get('guided gradcam')!.get('energy')!.length).toBe(result.items);
    subject.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
