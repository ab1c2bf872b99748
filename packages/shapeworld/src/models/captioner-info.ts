/** `captioner-info.json`, saved beside the reference captioner: what it was trained on and how good it is. */
export interface CaptionerInfo {
  task: string;
  inputSize: number;
  preprocessing: string;
  decoder: string;
  /** The layer Grad-CAM explains. */
  featuresLayer: string;
  training: {
    seed: number;
    steps: number;
    batchSize: number;
    scenesSeen: number;
    captions: string;
    learningRate: string;
    encoderStart: string;
    backend: string;
    seconds: number;
  };
  heldOut: {
    seed: number;
    scenes: number;
    /** Greedy captions: named (colour, shape) pairs present in the scene, over all named pairs. */
    precision: number;
    /** Objects named, over all objects. */
    recall: number;
    /** Captions naming every object once and nothing else. */
    exact: number;
    relationAccuracy: number;
    /** Grad-CAM at `featuresLayer` for colour and shape words of the reference caption (see captionPointingGame). */
    pointingGame?: CaptionPointingFigures;
  };
}

export interface CaptionPointingFigures {
  scenes: number;
  words: number;
  /** Share of word maps whose maximum lies inside the named object's mask. */
  insideMask: number;
  /** ... within `pixels` of it. */
  withinTolerance: { pixels: number; share: number };
  byRole: Record<string, { words: number; insideMask: number; withinTolerance: number }>;
}

export const CAPTIONER_INFO_FILE = 'captioner-info.json';
