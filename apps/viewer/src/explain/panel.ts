import type { MapData } from '@gradcam/core';
import type { RgbImage } from '@gradcam/render';

/** What the user chose for every explanation. */
export interface ViewOptions {
  method: string;
  /** Layer to explain; undefined for the model's default. */
  layer?: string;
  counterfactual: boolean;
  /** Also guided backpropagation and Guided Grad-CAM (the paper's high-resolution, class-discriminative view). */
  guided: boolean;
}

/** One selectable thing with its map: a class, a word of the caption, an answer. */
export interface Panel {
  label: string;
  map: MapData;
  /** The explained score (logit, answer score). */
  score?: number;
  probability?: number;
  /** For caption words: log p(word | words before, image). */
  logProb?: number;
  /** Question words and how much each spoke for (+) or against (-) this answer. */
  questionWords?: { word: string; score: number }[];
  notes?: string[];
  /** With `guided`: guided backpropagation and Guided Grad-CAM as images, at the model's input size. */
  guided?: RgbImage;
  guidedGradCam?: RgbImage;
}

/** One explanation as the page shows it. */
export interface Explained {
  kind: 'classes' | 'words' | 'answers';
  /** The caption the words come from, or the question. */
  text?: string;
  panels: Panel[];
  layer: string;
  method: string;
  counterfactual: boolean;
  backend: string;
  timeMs: number;
}
