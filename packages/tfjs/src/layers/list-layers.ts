import type { LayersModel } from '@tensorflow/tfjs-layers';
import { pickOutput } from './adapter';
import { ancestors, isExplainable } from './cut';
import { type DefaultCut, defaultLayer } from './default-cut';
import { buildGraphView } from './graph-view';
import { preSoftmaxOutput } from './pre-softmax';

export interface LayerInfo {
  name: string;
  className: string;
  shape: (number | null)[];
  explainable: boolean;
  /** The layer explained when none is named. */
  isDefault: boolean;
  /** On the default row: why it is the default. */
  defaultReason?: string;
}

/**
 * Every layer call of the model (nested models expanded), in order, for `gradcam layers`; the
 * explainable ones and the default are those of `output` (by layer or tensor name; default the
 * first output).
 */
export function listLayers(model: LayersModel, options: { output?: string } = {}): LayerInfo[] {
  const view = buildGraphView(model);
  const output = preSoftmaxOutput(pickOutput(model, view.outputs, options.output)).ref;
  const before = ancestors(output);
  let chosen: DefaultCut | undefined;
  try {
    chosen = defaultLayer(view, output);
  } catch {
    chosen = undefined; // no spatial layer leads to the output: nothing is chosen by default
  }
  return view.ordered.map((r) => ({
    name: r.name,
    className: r.layer?.getClassName() ?? 'InputLayer',
    shape: r.shape,
    explainable: isExplainable(r) && before.has(r.key),
    isDefault: r.key === chosen?.ref.key,
    ...(r.key === chosen?.ref.key ? { defaultReason: chosen.reason } : {}),
  }));
}
