export { type ColorBarOrientation, colorBar } from './color-bar';
export {
  applyColormap,
  COLORMAP_NAMES,
  type ColormapName,
  colormap,
  isColormapName,
  mapToGrayscaleImage,
} from './colormaps';
export { deprocessGuided } from './guided-image';
export {
  type DecodeOptions,
  decodeImage,
  encodeJpeg,
  encodePng,
  encodeWebp,
  type WriteOptions,
  writeImage,
} from './image-io';
export { type OverlayOptions, overlayHeatmap } from './overlay';
export { type PreprocessedInput, type PreprocessOptions, preprocess, toTensor } from './preprocess';
export { type ChannelValues, type Normalization, PRESETS, type PresetName } from './presets';
export {
  type PanelKind,
  type PngBytes,
  type QuestionWord,
  type ReportBook,
  type ReportInput,
  type ReportMeta,
  type ReportOptions,
  type ReportPanel,
  type ReportSection,
  type ReportTable,
  renderReport,
  renderReportBook,
} from './report';
export { resizeImage, resizeMap } from './resize';
export type { MapData, RgbImage } from './types';
