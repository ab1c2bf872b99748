export const OUTPUT_HELP =
  "the model output to score, by name, e.g. the logits before a sigmoid (default: the model's only output; a softmax output is scored by its logits)";

export const OUTPUT_WITHOUT_MODEL =
  '--output picks an output of your --model; the bundled ShapeWorld classifier has one';
