/** `classifier.json`, saved beside the model: what the weights are for and how good they are. */
export interface ClassifierInfo {
  task: string;
  classes: string[];
  inputSize: number;
  preprocessing: string;
  output: string;
  /** The layer Grad-CAM explains. */
  featuresLayer: string;
  training: {
    seed: number;
    steps: number;
    batchSize: number;
    scenesSeen: number;
    learningRate: string;
    backend: string;
    seconds: number;
  };
  heldOut: {
    seed: number;
    scenes: number;
    exactMatch: number;
    perClass: Record<string, number>;
    /**
     * Share of scenes where Grad-CAM's maximum falls inside an object of the class, and within
     * `pixels` of one (see pointing-game.ts): for the top class, and for every present shape.
     */
    pointingGame: {
      scenes: number;
      insideMask: { topClass: number; presentShapes: number };
      withinTolerance: { pixels: number; topClass: number; presentShapes: number };
    };
  };
}

export const CLASSIFIER_INFO_FILE = 'classifier.json';
