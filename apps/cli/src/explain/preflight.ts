import { GradcamError } from '@gradcam/core';
import type { OpenModel } from '../model/open-model';
import { isKnown, shapeText } from '../model/shape-text';
import { assertChoiceFits, type ClassChoice } from './class-choice';

/** What would fail on every image is said once, before the first. */
export function checkBeforeImages(model: OpenModel, choice: ClassChoice, guided: boolean): void {
  const classes = model.outputShape?.at(-1);
  if (isKnown(classes)) assertChoiceFits(choice, classes);
  if (guided && !model.adapters[0].guidedGradients) {
    throw new GradcamError(
      '--guided is not available for this model: its adapter offers no guided backpropagation',
    );
  }
}

/** The model as the run sees it: size fed, what is scored, and each explained layer with why. */
export function describeModel(model: OpenModel, preset: string): string[] {
  const { height, width } = model.input;
  const size = height && width ? `${height}x${width}` : 'each image at its own size';
  const classes = model.outputShape?.at(-1);
  const scored = model.scoresLogits ? 'logits before its softmax' : 'its output';
  const kind = model.kind === 'layers' ? 'LayersModel' : model.kind === 'onnx' ? 'ONNX' : 'GraphModel';
  return [
    `model: ${model.source} (${kind}); input ${size}, preset ${preset}; explains ${scored}${isKnown(classes) ? ` (${classes} classes)` : ''}`,
    ...model.layers.map((l) => `layer: ${l.name} ${shapeText(l.shape)} (${l.choice})`),
  ];
}
