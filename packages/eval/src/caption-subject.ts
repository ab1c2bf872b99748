import { explainCaption, scoreCaption } from '@gradcam/captioning';
import type { MapData } from '@gradcam/core';
import type { ScoreFn } from '@gradcam/metrics';
import { type LoadedCaptioner, type Scene, scenesToTensor, trainingCaption } from '@gradcam/shapeworld';
import type * as tf from '@tensorflow/tfjs-core';
import { objectsTruth } from './ground-truth';
import { guidedToMap } from './guided-map';
import { cascadingRandomisation, ENCODER_TOP_DOWN, encoderGroups, variablesSlot } from './randomise-layers';
import type { EvalItem, EvalSubject, MapVariant } from './types';

export interface WordItem extends EvalItem {
  caption: string;
  /** Position of the word in the caption (its token index). */
  wordIndex: number;
  ids: number[];
}

/**
 * The reference captioner: each colour and shape word of the scene's reference caption (the
 * phrasing the model was taught, every object named once) is a target, the object it names the
 * truth. Maps are `log p(word | earlier words, image)` explained word by word; faithfulness scores
 * are the word's teacher-forced probability.
 */
export function captionerSubject(loaded: LoadedCaptioner, seed: number): EvalSubject<WordItem, Scene> {
  const { model, info } = loaded;
  const layer = info.featuresLayer;
  const randomisation = cascadingRandomisation(
    [
      { label: 'decoder', slots: [variablesSlot('decoder', Object.values(model.decoder.weights))] },
      ...encoderGroups(model.encoder, ENCODER_TOP_DOWN),
    ],
    seed,
  );
  return {
    model: 'captioner',
    itemsAre: "each colour and shape word of the scene's reference caption, the object it names the truth",
    groupsAre: 'word role',
    description: `reference captioner (${info.decoder}), explained at '${layer}'`,
    layer,
    items: (scene, index) => {
      const caption = trainingCaption(scene);
      const { ids, unknown } = model.vocabulary.tokenize(caption.text);
      if (unknown.length)
        throw new Error(`the captioner lacks the words ${unknown.join(', ')} of '${caption.text}'`);
      return caption.links
        .filter((l) => l.role === 'color' || l.role === 'shape')
        .map((l) => ({
          model: 'captioner' as const,
          scene: index,
          label: `${caption.words[l.word]} (word ${l.word + 1})`,
          group: l.role,
          caption: caption.text,
          wordIndex: l.word,
          ids,
          ...objectsTruth(scene, l.objects),
        }));
    },
    input: (scene) => scenesToTensor([scene]),
    explain: async (scene, items, variant: MapVariant) => {
      const image = scenesToTensor([scene]);
      try {
        const result = await explainCaption(model, image, {
          caption: items[0].caption,
          layer,
          words: items.map((it) => it.wordIndex),
          method: variant.method,
          counterfactual: variant.counterfactual,
          guided: variant.guided,
        });
        return items.map((item): MapData => {
          const word = result.words.find((w) => w.index === item.wordIndex);
          if (!word)
            throw new Error(`explainCaption gave no map for word ${item.wordIndex} of '${item.caption}'`);
          return variant.guided ? guidedToMap(word.guidedGradCam!) : word.map;
        });
      } finally {
        image.dispose();
      }
    },
    scoreFn:
      (_scene, item): ScoreFn =>
      async (batch: tf.Tensor4D) => {
        const logProbs = await scoreCaption(model, batch, item.ids, { includeEnd: false });
        return logProbs.map((row) => Math.exp(row[item.wordIndex]));
      },
    randomisation,
    dispose: () => {
      randomisation.dispose();
      model.dispose();
    },
  };
}
