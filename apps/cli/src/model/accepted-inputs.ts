import { IMAGE_EXTENSIONS } from '../explain/image-paths';

// What each command's --model and --image accept, said once so that every --help agrees with
// what the loaders take (apps/cli/test/help-accepts.test.ts holds them to it).

/** explain, layers and check: both TF.js model formats and ONNX. */
export const CLASSIFIER_MODEL_HELP =
  'TF.js LayersModel or GraphModel (a folder with model.json, or the model.json file), or an ONNX model (.onnx file)';

/** The image formats read (sharp decodes each; a folder is searched for these extensions). */
export const IMAGE_FORMATS_HELP = `${IMAGE_EXTENSIONS.map((e) => e.slice(1)).join(', ')}`;
