import type { ClassifierInfo } from '@gradcam/shapeworld';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { assetUrl, fetchJson } from '../assets';
import type { ImageClassifier } from './image-model';
import { REFERENCE_NORMALIZATION } from './reference-normalization';

/** The ShapeWorld classifier committed in @gradcam/shapeworld, over HTTP from the app's `models/` folder. */
export async function loadReferenceClassifier(): Promise<ImageClassifier & { info: ClassifierInfo }> {
  const info = await fetchJson<ClassifierInfo>(
    'models/classifier/classifier.json',
    'the classifier description',
  );
  const model = await loadLayersModel(assetUrl('models/classifier/model.json'));
  return {
    name: 'ShapeWorld classifier (which shapes are present)',
    model,
    classes: info.classes,
    inputSize: [info.inputSize, info.inputSize],
    normalization: REFERENCE_NORMALIZATION,
    multiLabel: true,
    top: info.classes.length,
    info,
  };
}
