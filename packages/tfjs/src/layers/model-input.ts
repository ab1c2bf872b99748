import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** What a LayersModel takes: one tensor, one per input in order, or a map by input name. */
export type LayersInput = tf.Tensor | tf.Tensor[] | Record<string, tf.Tensor>;

/** The model's inputs as an ordered list, with the shapes checked against the model's. */
export function inputList(model: LayersModel, input: LayersInput): tf.Tensor[] {
  const names = model.inputs.map((i) => i.name);
  let list: tf.Tensor[];
  if (input instanceof tf.Tensor) list = [input];
  else if (Array.isArray(input)) list = input;
  else {
    list = model.inputs.map((i) => {
      const t = input[i.name] ?? input[i.sourceLayer.name];
      if (!t)
        throw new GradcamError(
          `no value for the model input '${i.name}'; the model's inputs are: ${names.join(', ')}`,
        );
      return t;
    });
  }
  if (list.length !== model.inputs.length) {
    throw new GradcamError(
      `the model takes ${model.inputs.length} input(s) (${names.join(', ')}), got ${list.length}`,
    );
  }
  list.forEach((t, i) => {
    const expected = model.inputs[i].shape;
    const fits = t.rank === expected.length && expected.every((d, k) => d === null || d === t.shape[k]);
    if (!fits) {
      const want = `[${expected.map((d) => d ?? 'batch').join(', ')}]`;
      throw new GradcamError(
        `input '${names[i]}' has shape [${t.shape.join(', ')}]; the model expects ${want}`,
      );
    }
  });
  return list;
}

/** Index of the image input: the first 4-D one. */
export function imageInputIndex(model: LayersModel): number {
  const i = model.inputs.findIndex((t) => t.shape.length === 4);
  if (i < 0) throw new GradcamError('the model has no 4-D image input');
  return i;
}
