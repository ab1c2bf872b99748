import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { classTarget, type ExplainableModel, explain } from '../../src';
import { TORCHVISION } from './fixtures';

/** What the fixtures' manifest records of one SVD projection of pytorch-grad-cam. */
export interface SvdSign {
  sign_vs_maxabs_positive: 1 | -1;
  maxabs_margin: number;
}

function methodManifest(model: string, method: string) {
  return JSON.parse(readFileSync(`${TORCHVISION}manifest.json`, 'utf8')).methods.models[model].methods[
    method
  ];
}

export const svdSingle = (model: string, method: string): SvdSign => methodManifest(model, method).svd_single;
export const svdBatch8 = (model: string, method: string): SvdSign[] => methodManifest(model, method).svd_b8;

/**
 * The reference keeps whatever sign LAPACK gives the projection; the manifest records it against
 * the orientation whose largest-magnitude entry is positive. Returns `raw` in the reference's
 * orientation.
 */
export function inReferenceOrientation(raw: Float32Array, sign: SvdSign): Float32Array {
  let at = 0;
  for (let i = 1; i < raw.length; i++) if (Math.abs(raw[i]) > Math.abs(raw[at])) at = i;
  const s = Math.sign(raw[at]) * sign.sign_vs_maxabs_positive;
  return raw.map((v) => v * s);
}

/**
 * A 7x7 raw map through our post-processing to 224x224: a one-channel layer whose Grad-CAM raw
 * map is `raw` itself (gradient 1, weight 1).
 */
export async function postprocessed(raw: Float32Array): Promise<Float32Array> {
  const a = tf.tensor4d(raw, [1, 7, 7, 1]);
  const x = tf.zeros([1, 224, 224, 3]) as tf.Tensor4D;
  const model: ExplainableModel<tf.Tensor4D> = {
    layer: 'raw',
    inputSize: () => [224, 224],
    body: () => ({ activations: a.clone(), context: {} }),
    head: (h) => h.sum([1, 2, 3]).reshape([-1, 1]),
  };
  const result = await explain(model, x, classTarget(0));
  tf.dispose([a, x]);
  return result.maps[0].map.data;
}
