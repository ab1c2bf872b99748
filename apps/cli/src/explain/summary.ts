import type { Box, MapVerification, VerificationSummary } from '@gradcam/core';
import type { ExplainedLayer } from '../model/adapter-for';
import type { ClassTruth } from './annotations';
import type { ClassScore } from './class-scores';
import type { OutputFormat } from './settings';

/** What was run: the head of summary.json and of every image's own JSON. */
export interface RunInfo {
  command: 'gradcam explain';
  version: string;
  backend: { name: string; reason: string };
  model: {
    source: string;
    kind: 'layers' | 'graph' | 'onnx';
    /** `[height, width]` fed to the model; null sides take the image's own size. */
    inputSize: [number | null, number | null];
    /** True when the model's softmax was looked through and logits are explained. */
    scoresLogits: boolean;
  };
  /** The explained layers (maps averaged over them) and how each was chosen. */
  layers: ExplainedLayer[];
  method: string;
  /** Methods whose maps only the report page shows (--compare). */
  compare: readonly string[];
  counterfactual: boolean;
  guided: boolean;
  /** --verify: each map's gradient checked against finite differences. */
  verify: boolean;
  preset: string;
  /** `the top class`, `the top 3 classes`, `class 7`. */
  targets: string;
  formats: readonly OutputFormat[];
  /** Why the maps may mean nothing, e.g. a photo given to the bundled ShapeWorld classifier. */
  notice?: string;
}

/** One explained class of one image. */
export interface MapSummary extends ClassScore {
  /** The class's name, when the CLI knows it (the bundled classifier's shapes). */
  label?: string;
  /** Ground truth, for a generated scene: is the class there, and does its map find it. */
  truth?: ClassTruth;
  /** The paper's weakly supervised box: largest segment above 15% of the map's maximum, found at most 256 px wide (boundedBox). */
  box: Box | null;
  /** Files written for this class, in the output folder. */
  files: string[];
  /** With --verify: this map's gradient against finite differences. */
  verification?: MapVerification;
  /** Why this map carries no location (constant, or identical for every class), when so. */
  degenerate?: string;
}

export interface ImageSummary {
  image: string;
  /** Base name of its output files. */
  name: string;
  width: number;
  height: number;
  /** The best classes (up to 5, or as many as were explained), best first. */
  topClasses: ClassScore[];
  maps: MapSummary[];
  /** The image's report page (`<name>.html`), when html is among the formats. */
  report?: string;
  /** The engine call alone, and the whole image (decode, predict, explain, write). */
  timing: { explainMs: number; totalMs: number };
  /** With --verify: the worst check of the image, its layer, backend and threshold. */
  verification?: VerificationSummary;
}

export interface ImageFailure {
  image: string;
  message: string;
}

export interface RunSummary extends RunInfo {
  images: ImageSummary[];
  failures: ImageFailure[];
  timeMs: number;
}
