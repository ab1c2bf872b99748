import { GradcamError } from '@gradcam/core';

export const OUTPUT_HELP =
  "the model output to score, by name, e.g. the logits before a sigmoid (default: the model's only output; a softmax output is scored by its logits)";

export const OUTPUT_WITHOUT_MODEL =
  '--output picks an output of your --model; the bundled ShapeWorld classifier has one';

/** `gradcam layers` marks what leads to the scored output; a LayersModel's list knows only its first. */
export function assertOutputListable(kind: 'layers' | 'graph' | 'onnx', output: string | undefined): void {
  if (output !== undefined && kind === 'layers') {
    throw new GradcamError(
      "gradcam layers --output works on GraphModel and ONNX models; a LayersModel's list is for its first output: use gradcam explain --output <name> --layer <layer>, which refuses a layer that does not lead to that output",
    );
  }
}
