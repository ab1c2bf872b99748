// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { classTarget, explain, seededUniform, selectBackend } from '@gradcam/core';
import { PRESETS, toTensor } from '@gradcam/render';
import { fileSystemSaver } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainDecoded } from '../src/explain/explain-image';
import { type OpenModel, openModel } from '../src/model/open-model';
import { freshDir } from './helpers/run-cli';
import { drawPicture, tinyClassifier } from './helpers/tiny-classifier';

beforeAll(async () => {
  await selectBackend('cpu');
});

/** The model with its first adapter's body and the whole-model forward counted. */
function counted(model: OpenModel) {
  const calls = { body: 0, predict: 0 };
  const [first, ...rest] = model.adapters;
  const body = first.body.bind(first);
  const adapter = Object.assign(Object.create(first), {
    body: (x: unknown) => {
      calls.body++;
      return body(x);
    },
  });
  const predict = model.predict.bind(model);
  const wrapped: OpenModel = {
    ...model,
    adapters: [adapter, ...rest],
    predict: (x) => {
      calls.predict++;
      return predict(x);
    },
  };
  return { wrapped, calls };
}

describe('one body run per image', () => {
  it('scores classes from the head on the body run the explanation reuses: same scores, same maps, no leak', async () => {
    const root = freshDir();
    const built = tinyClassifier({ classes: 5 });
    await built.save(fileSystemSaver(join(root, 'model')));
    built.dispose();
    const model = await openModel(join(root, 'model'), { layers: [] });
    const image = drawPicture(40, 30, seededUniform(5));
    const { wrapped, calls } = counted(model);
    const baseline = tf.memory().numTensors;

    const result = await explainDecoded(
      wrapped,
      image,
      {
        method: 'gradcam',
        counterfactual: true,
        guided: false,
        preset: 'unit',
        choice: { kind: 'top', k: 3 },
        compare: ['gradcam++'],
      },
      true,
    );
    // Three explain() calls (counterfactual, plain, --compare) and the class choice: one body run.
    expect(calls).toEqual({ body: 1, predict: 0 });
    expect(tf.memory().numTensors).toBe(baseline);

    // Independent of the reuse: the whole model's forward and a fresh explain() on the same input.
    const input = toTensor(image, { ...PRESETS.unit, size: [32, 32] });
    const whole = model.predict(input);
    const logits = await whole.data();
    whole.dispose();
    result.scores.forEach((s, c) => {
      expect(s.score).toBeCloseTo(logits[c], 5);
    });
    expect(result.explained.map((e) => e.class)).toEqual(
      [...logits.keys()].sort((a, b) => logits[b] - logits[a]).slice(0, 3),
    );
    const targets = result.explained.map((c) => classTarget(c.class));
    const fresh = await explain(model.adapters, input, targets, {
      outputSize: [30, 40],
      counterfactual: true,
    });
    const plain = await explain(model.adapters, input, targets, { outputSize: [30, 40] });
    input.dispose();
    for (const [k, entry] of fresh.maps.entries()) {
      expect(Array.from(result.explanation.maps[k].map.data)).toEqual(Array.from(entry.map.data));
      expect(Array.from(result.plain!.maps[k].map.data)).toEqual(Array.from(plain.maps[k].map.data));
    }
    expect(result.compared).toHaveLength(1);
    expect(result.compared[0].method).toBe('gradcampp');
    model.dispose();
  });
});
