import type { RgbImage } from '../types';

/** Encoded PNG bytes, e.g. from `encodePng(overlayHeatmap(image, map))`. */
export type PngBytes = Uint8Array;

/** One question word and how much it mattered to a VQA answer (signed: + for, - against). */
export interface QuestionWord {
  word: string;
  score: number;
  /** Shown on hover, e.g. `unknown word, read as <unk>`. */
  note?: string;
}

/**
 * One selectable thing of a report: a word of a caption, a VQA answer or a classifier class,
 * with its maps. Plain data only, so that any adapter (or a script) can fill it.
 */
export interface ReportPanel {
  /** What the button says: the word, the answer, `class 7`. */
  label: string;
  /** The explained score (logit, answer score); shown under `meta.scoreName`. */
  score?: number;
  /** Softmax probability, when the model has one. */
  probability?: number;
  /** Log-probability, for caption words. */
  logProb?: number;
  /** Lines about the panel, e.g. `word 2 of the caption`, `not in the vocabulary`. */
  notes?: string[];
  /**
   * Overlays by method name, at least one; the first is the one shown at first. Several methods
   * are compared side by side.
   */
  maps: Record<string, PngBytes>;
  /** Counterfactual overlays (what speaks against the panel) by method name, shown beside `maps`. */
  counterfactual?: Record<string, PngBytes>;
  /** Guided backpropagation as an image. */
  guided?: PngBytes;
  /** Guided Grad-CAM (guided backpropagation times the map) as an image. */
  guidedGradCam?: PngBytes;
  /** Question words with their importance, shown as coloured chips. */
  questionWords?: QuestionWord[];
  /** Numbers against ground truth (IoU, pointing hit, ...), when it is known. */
  metrics?: Record<string, number | string | boolean>;
}

/** How the panels read: the words of a sentence, or a ranked list of answers or classes. */
export type PanelKind = 'words' | 'answers' | 'classes';

/** What was run, shown at the top of the page. */
export interface ReportMeta {
  /** The page's heading, e.g. the image file. */
  title: string;
  /** The caption or the question, shown under the title. */
  subtitle?: string;
  /** e.g. `gradcam caption`. */
  command?: string;
  /** Methods in display order; default: every method of the panels' maps, first seen first. */
  methods?: string[];
  /** The explained layer(s). */
  layers: string[];
  backend?: string;
  model?: string;
  /** Time the explanation took, in milliseconds. */
  timeMs?: number;
  /** Colormap of the overlays, for the colour bar (default `jet`). */
  colormap?: string;
  /** What `score` is called (default `score`), e.g. `logit`. */
  scoreName?: string;
  /** More name/value lines, e.g. `preset: unit`. */
  details?: Record<string, string>;
  /** Warnings and remarks, e.g. unknown words. */
  notes?: string[];
  /** What makes the whole page unreliable (e.g. an image the model was never trained for), shown first. */
  banner?: string[];
}

export interface ReportInput {
  /** The input image, as the maps lie over it. */
  image: RgbImage;
  panels: ReportPanel[];
  /** Default `classes`. */
  kind?: PanelKind;
  meta: ReportMeta;
}

/** A section of a page of several reports: one report, listed under its group in the contents. */
export interface ReportSection extends ReportInput {
  /** Sections of one group (e.g. `scene 3`) are listed and shown together under it. */
  group?: string;
}

/** A table of figures at the top of a page of several reports, e.g. the pointing game per task. */
export interface ReportTable {
  caption: string;
  columns: string[];
  rows: (string | number | boolean)[][];
}

/** A page of several reports (`renderReportBook`): a run's scenes, each explained in several ways. */
export interface ReportBook {
  meta: {
    title: string;
    subtitle?: string;
    command?: string;
    details?: Record<string, string>;
    notes?: string[];
    /** Links shown under the notes, e.g. to the page that explains the figures. */
    links?: { text: string; href: string }[];
  };
  tables?: ReportTable[];
  sections: ReportSection[];
}
