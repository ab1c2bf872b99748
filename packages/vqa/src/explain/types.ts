import type { ExplainOptions, MapData, TargetMap } from '@gradcam/core';
import type { WordImportance } from './word-importance';

/** The engine's options (method, counterfactual, guided, outputSize, ...) and which answers. */
export interface ExplainAnswerOptions extends ExplainOptions {
  /** Explain these answers (names from the model's answer vocabulary) instead of the best ones. */
  answer?: string | string[];
  /** Explain the k best answers, in one batched engine call (default 1: the predicted answer). */
  top?: number;
  /** Encoder layer to explain; default the encoder's last spatial layer. */
  layer?: string;
}

/** One answer's score and probability, as the model gives them for the image and question. */
export interface AnswerScore {
  answer: string;
  /** Column of the answer in the model's output. */
  index: number;
  /** Pre-softmax score: what Grad-CAM differentiates. */
  score: number;
  probability: number;
  /** 1 for the predicted answer, 2 for the runner-up, ... */
  rank: number;
}

export interface ExplainedAnswer extends AnswerScore {
  /** The map at the image's (or `outputSize`) resolution, in [0, 1]. */
  map: MapData;
  /** The map at the explained layer's grid. */
  lowres: MapData;
  /** One entry per question word, in question order. */
  wordImportance: WordImportance[];
  raw?: TargetMap['raw'];
  weights?: TargetMap['weights'];
  guided?: TargetMap['guided'];
  guidedGradCam?: TargetMap['guidedGradCam'];
}

export interface AnswerExplanation {
  question: string;
  /** The question's words as the model read them (unknown ones as typed). */
  tokens: string[];
  /** Words the model does not know; it read each as `<unk>`. */
  unknownWords: string[];
  /** The explained answers, in the order asked for (best first for `top`). */
  answers: ExplainedAnswer[];
  /** The model's own answer. */
  predicted: AnswerScore;
  layer: string;
  method: string;
  counterfactual: boolean;
  /** Which word-importance number is the headline (`score`). */
  wordImportanceMeasure: 'gradient x embedding';
  backend: string;
  outputSize: [number, number];
  timeMs: number;
}
