import type * as tf from '@tensorflow/tfjs-core';
import { fail } from '../errors';
import { checkConfig, type ReferenceVqaConfig } from '../model/reference-config';

export const VQA_JSON = 'vqa.json';
export const VQA_WEIGHTS = 'vqa-weights.bin';
export const ENCODER_DIR = 'encoder';
const FORMAT = 'gradcam-vqa';
const FORMAT_VERSION = 1;

/** `vqa.json`: everything about a saved VQA model except the weight bytes. */
export interface VqaJson {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  config: ReferenceVqaConfig;
  /** Question words by id, `<pad>` and `<unk>` first. */
  questionVocabulary: string[];
  /** Answers by output column. */
  answers: string[];
  /** Folder of the encoder's TF.js LayersModel (model.json + weights.bin), relative to vqa.json. */
  encoder: string;
  /** The head's weights: a file next to vqa.json and the TF.js manifest of its contents. */
  weights: { path: string; specs: tf.io.WeightsManifestEntry[] };
  metadata: Record<string, unknown>;
}

export function makeVqaJson(
  parts: Omit<VqaJson, 'format' | 'formatVersion' | 'encoder' | 'weights'> & {
    specs: tf.io.WeightsManifestEntry[];
  },
): VqaJson {
  return {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    config: parts.config,
    questionVocabulary: parts.questionVocabulary,
    answers: parts.answers,
    encoder: ENCODER_DIR,
    weights: { path: VQA_WEIGHTS, specs: parts.specs },
    metadata: parts.metadata,
  };
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Parsed and checked `vqa.json` text; `where` names the file in errors. */
export function parseVqaJson(text: string, where: string): VqaJson {
  let json: Partial<VqaJson>;
  try {
    json = JSON.parse(text) as Partial<VqaJson>;
  } catch (e) {
    return fail(`${where} is not valid JSON: ${(e as Error).message}`);
  }
  if (json.format !== FORMAT) fail(`${where} is not a gradcam VQA model (format '${String(json.format)}')`);
  if (json.formatVersion !== FORMAT_VERSION) {
    fail(
      `${where} has format version ${json.formatVersion}; this version of @gradcam/vqa reads ${FORMAT_VERSION}`,
    );
  }
  if (!json.config || typeof json.config !== 'object') fail(`${where} has no config`);
  checkConfig(json.config);
  if (!isStringList(json.questionVocabulary)) fail(`${where}: questionVocabulary must be a list of words`);
  if (!isStringList(json.answers)) fail(`${where}: answers must be a list of strings`);
  if (typeof json.encoder !== 'string') fail(`${where}: encoder must name the encoder's folder`);
  if (!json.weights || typeof json.weights.path !== 'string' || !Array.isArray(json.weights.specs)) {
    fail(`${where}: weights must give a path and the weight specs`);
  }
  return { ...(json as VqaJson), metadata: json.metadata ?? {} };
}
