import { isOnnxPath } from '../model/onnx-model';

/**
 * What the CLI says when an ONNX model comes without --preset: the file does not record how its
 * pixels were normalised, and a wrong guess changes every score and map without an error. (A
 * TF.js classifier's default, unit, stays silent: it is what tfjs-trained models mostly expect.)
 */
export function presetNote(model: string, preset: string | undefined): string | undefined {
  if (preset || !isOnnxPath(model)) return undefined;
  return 'gradcam: note: no --preset given, so pixels are scaled to [0,1] (--preset unit), which an ONNX file cannot confirm; torchvision and timm exports need --preset imagenet (the presets: gradcam explain --help)';
}
