// tfjs-core first, then @gradcam/core, which registers the gradients the backward pass needs.
import '@tensorflow/tfjs-core';
import '@gradcam/core';

export { type AngleReading, readAngle, rotate180 } from './angle';
export { ctcGreedyDecode, type DecodedCharacter, type DecodedLine } from './ctc-decode';
export { type DbOptions, type DetectedBox, dbBoxes } from './db-boxes';
export { type DetectionInput, prepareDetection } from './detect-input';
export {
  type CharacterDictionary,
  checkDictionary,
  type DictionaryOptions,
  parseDictionary,
} from './dictionary';
export {
  DEFAULT_LINE_METHOD,
  type ExplainedCharacter,
  type ExplainLineOptions,
  explainLine,
  type LineExplanation,
} from './explain-line';
export { type Box, cropImage, type OcrImage } from './image';
export { type LineModelFacts, probeLineModel } from './line-model';
export {
  detectText,
  type ExplainPageOptions,
  explainPage,
  loadPageReader,
  type PageCharacter,
  type PageExplanation,
  type PageLine,
  type PageModelPaths,
  type PageReader,
} from './page';
export { type LineInput, type LineInputOptions, prepareLine } from './preprocess';
export {
  type LineReading,
  type LoadRecognizerOptions,
  loadRecognizer,
  Recognizer,
  type RecognizerOptions,
} from './recognizer';
