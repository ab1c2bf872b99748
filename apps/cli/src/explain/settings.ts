import type { PresetName } from '@gradcam/render';
import type { PreprocessingOptions } from '../model/preprocessing';
import type { ClassChoice } from './class-choice';

export const OUTPUT_FORMATS = ['png', 'jpg', 'json', 'npy', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** How each image is explained. */
export interface ExplainSettings {
  method: string;
  counterfactual: boolean;
  guided: boolean;
  /** Pixel normalisation: the model's training convention (`unit` = [0,1] by default). */
  preset: PresetName;
  /** The model's own preprocessing (--mean, --std, --channel-order, --channels, --size), over the preset. */
  preprocessing?: PreprocessingOptions;
  choice: ClassChoice;
  /** More methods whose maps only the report page shows, beside the main method's. */
  compare?: readonly string[];
  /** Check each map's gradient against finite differences; a failing check fails the image. */
  verify?: boolean;
  /** Longest side an image is explained and drawn at; larger ones are downscaled with a note. */
  maxSide?: number;
}

/** What is written for each image. */
export interface OutputSettings {
  /** An existing folder. */
  out: string;
  formats: readonly OutputFormat[];
  colormap: string;
  /** The most maps one report page draws (--page-maps); the others are files only. Default PAGE_MAPS. */
  pageMaps?: number;
}

/** A page of a thousand maps is hundreds of MB and does not open: beyond this, files only. */
export const PAGE_MAPS = 50;
