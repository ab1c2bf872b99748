import type { QuestionType } from '../world/questions';
import type { TypeAccuracy } from './evaluate-vqa';
import type { VqaPointingFigures } from './vqa-pointing';

/** `vqa-info.json`, saved beside the reference VQA model: what it was trained on and how good it is. */
export interface VqaInfo {
  task: string;
  inputSize: number;
  preprocessing: string;
  architecture: string;
  /** The layer Grad-CAM explains. */
  featuresLayer: string;
  training: {
    seed: number;
    steps: number;
    batchSize: number;
    scenesSeen: number;
    questionsSeen: number;
    learningRate: string;
    encoderStart: string;
    backend: string;
    seconds: number;
  };
  heldOut: {
    seed: number;
    scenes: number;
    questions: number;
    accuracy: number;
    /** Per type: the model's accuracy beside answering from the question alone (QuestionPrior). */
    perType: Record<QuestionType, TypeAccuracy>;
    /** Scenes of the training stream the prior was fitted on. */
    priorScenes: number;
    pointingGame?: VqaPointingFigures;
  };
}

export const VQA_INFO_FILE = 'vqa-info.json';
