import * as tfl from '@tensorflow/tfjs-layers';
import { SHAPES } from '../world/palette';
import { type EncoderStep, encoderLayers } from './encoder';

/**
 * The classifier's task: which of the four shapes are present (multi-label, one logit each).
 * Chosen over "shape of the largest object" because every positive class has objects to point
 * at and nothing else decides it: "largest" would hinge on size comparisons of near-equal objects
 * (label noise the model cannot resolve), and its Grad-CAM would rightly light up every object
 * whose size was compared, so the pointing game would measure the task, not the explanation.
 * Several shapes per image also make the maps class-discriminative by construction: the
 * "triangle" map must avoid the circle next to it.
 */
export const CLASSIFIER_CLASSES = SHAPES;

export const CLASSIFIER_OUTPUT_LAYER = 'logits';

export interface ClassifierOptions {
  /** Input width and height (default 64). */
  inputSize?: number;
  /** Seed of every initializer. */
  seed: number;
  /** Logits (default one per CLASSIFIER_CLASSES); experiments pretrain on other label sets. */
  classes?: number;
  /** The encoder's layers (default ENCODER_LAYOUT). */
  layout?: readonly EncoderStep[];
}

/**
 * Image -> shared encoder -> global average pooling -> one dense logit per shape. The head is
 * linear after the pooling, so Grad-CAM at `features` is exactly CAM (Zhou et al.): the map is
 * the class's dense weights applied to the feature maps. Outputs are logits (sigmoid for
 * probabilities), which is also the pre-activation score the paper differentiates.
 */
export function buildClassifier(options: ClassifierOptions): tfl.LayersModel {
  const size = options.inputSize ?? 64;
  const image = tfl.input({ shape: [size, size, 3], name: 'image' });
  const features = encoderLayers(image, { seed: options.seed, layout: options.layout });
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(features) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({
      name: CLASSIFIER_OUTPUT_LAYER,
      units: options.classes ?? CLASSIFIER_CLASSES.length,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: options.seed + 100 }),
    })
    .apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: image, outputs: logits, name: 'shapeworld_classifier' });
}
