import type { Normalization } from '@gradcam/render';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** A classifier the viewer can explain: the reference one, or a model the user dropped. */
export interface ImageClassifier {
  /** Shown in the page, e.g. `ShapeWorld classifier` or the dropped file's name. */
  name: string;
  model: LayersModel;
  /** One name per output unit. */
  classes: string[];
  /** `[height, width]` the model reads. */
  inputSize: [number, number];
  normalization: Normalization;
  /** Independent yes/no per class (sigmoid) rather than one of the classes (softmax). */
  multiLabel: boolean;
  /** How many classes to list and explain. */
  top: number;
}
