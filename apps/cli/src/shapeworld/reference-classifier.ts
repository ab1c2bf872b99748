import { type ClassifierInfo, loadClassifier } from '@gradcam/shapeworld';
import { adapterFor } from '../model/adapter-for';
import { imageInputSpec } from '../model/input-spec';
import type { OpenModel } from '../model/open-model';

/** What `gradcam explain` says of the model it explains when no --model is given. */
export const REFERENCE_CLASSIFIER = 'ShapeWorld shape classifier (bundled)';

export interface ReferenceClassifier {
  model: OpenModel;
  info: ClassifierInfo;
  classNames: readonly string[];
}

/**
 * The classifier trained in this repository (`@gradcam/shapeworld`), opened like a model given
 * with --model: cut at `features` (its default, the encoder's last layer) or at --layer. Its input
 * is 64x64 RGB / 127.5 - 1, which is the `tf` preset.
 */
export async function openReferenceClassifier(layers: readonly string[]): Promise<ReferenceClassifier> {
  const { model, info, dir } = await loadClassifier();
  try {
    const adapters = adapterFor({ kind: 'layers', model }, { layers });
    return {
      model: {
        ...adapters,
        source: `${REFERENCE_CLASSIFIER}: ${dir}`,
        kind: 'layers',
        input: imageInputSpec(adapters.inputs),
        dispose: () => model.dispose(),
      },
      info,
      classNames: info.classes,
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
