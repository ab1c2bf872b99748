import { fail } from '../errors';

/**
 * `pooled`: the paper's kind of VQA model ("deeper LSTM Q + norm I"): the L2-normalised pooled
 * image feature and the LSTM question feature, each through tanh(Wx+b), multiplied point-wise,
 * then an MLP to answer scores. `attention`: the same, but the image feature is a soft-attention
 * average over the spatial feature map, weighted by how well each position fits the question.
 */
export type ReferenceArchitecture = 'pooled' | 'attention';
export const ARCHITECTURES: readonly ReferenceArchitecture[] = ['pooled', 'attention'];

export interface ReferenceVqaConfig {
  architecture: ReferenceArchitecture;
  /** Channels of the encoder's output (the image feature). */
  imageChannels: number;
  /** Size of a word embedding. */
  embeddingSize: number;
  /** LSTM units: the size of the question feature. */
  lstmUnits: number;
  /** Size of the joint (point-wise product) space. */
  fusionSize: number;
  /** Hidden units of the answer MLP. */
  hiddenSize: number;
  /** Hidden units of the attention scorer (`attention` only). */
  attentionSize: number;
}

export const DEFAULT_SIZES = {
  embeddingSize: 32,
  lstmUnits: 64,
  fusionSize: 64,
  hiddenSize: 64,
  attentionSize: 32,
} as const;

/** Every weight of the reference head, by name, with its shape. */
export function referenceWeightShapes(
  config: ReferenceVqaConfig,
  questionWords: number,
  answers: number,
): Record<string, number[]> {
  const { imageChannels: c, embeddingSize: e, lstmUnits: u, fusionSize: f, hiddenSize: m } = config;
  const shapes: Record<string, number[]> = {
    'question/embedding': [questionWords, e],
    'question/lstm/kernel': [e, 4 * u],
    'question/lstm/recurrent': [u, 4 * u],
    'question/lstm/bias': [4 * u],
    'question/project/kernel': [u, f],
    'question/project/bias': [f],
    'image/project/kernel': [c, f],
    'image/project/bias': [f],
    'classifier/hidden/kernel': [f, m],
    'classifier/hidden/bias': [m],
    'classifier/output/kernel': [m, answers],
    'classifier/output/bias': [answers],
  };
  if (config.architecture === 'attention') {
    const a = config.attentionSize;
    shapes['attention/image/kernel'] = [c, a];
    shapes['attention/question/kernel'] = [u, a];
    shapes['attention/bias'] = [a];
    shapes['attention/score/kernel'] = [a, 1];
  }
  return shapes;
}

/** A config read from disk or given by a caller, checked field by field. */
export function checkConfig(config: ReferenceVqaConfig): ReferenceVqaConfig {
  if (!ARCHITECTURES.includes(config.architecture)) {
    fail(`unknown VQA architecture '${config.architecture}'; known: ${ARCHITECTURES.join(', ')}`);
  }
  for (const key of ['imageChannels', 'embeddingSize', 'lstmUnits', 'fusionSize', 'hiddenSize'] as const) {
    const v = config[key];
    if (!Number.isInteger(v) || v < 1) fail(`VQA config: ${key} must be a positive integer, got ${v}`);
  }
  if (
    config.architecture === 'attention' &&
    !(Number.isInteger(config.attentionSize) && config.attentionSize > 0)
  ) {
    fail(`VQA config: attentionSize must be a positive integer, got ${config.attentionSize}`);
  }
  return config;
}
