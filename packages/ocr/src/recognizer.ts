import { fail } from '@gradcam/core';
import { loadOnnxFile, type OnnxAdapter, type OnnxExecutor, onnxModelAdapter } from '@gradcam/onnx';
import { ctcGreedyDecode, type DecodedLine } from './ctc-decode';
import { type CharacterDictionary, checkDictionary, parseDictionary } from './dictionary';
import type { OcrImage } from './image';
import { type LineModelFacts, probeLineModel, runLine } from './line-model';
import { type LineInput, type LineInputOptions, prepareLine } from './preprocess';

export interface RecognizerOptions extends LineInputOptions {
  /** Where the model's convolutional body runs when explaining (default: onnxruntime when installed). */
  execution?: 'onnxruntime' | 'tfjs';
}

/** A line's reading, with the geometry that maps the model's time steps back to the line. */
export interface LineReading extends DecodedLine {
  /** Time steps of the output and the padded input width they span. */
  steps: number;
  input: Omit<LineInput, 'tensor'>;
}

/** A PP-OCR-style CTC text recogniser on the ONNX importer, with its dictionary. */
export class Recognizer {
  readonly facts: LineModelFacts;
  readonly height: number;
  private readonly adapters = new Map<string, OnnxAdapter>();

  constructor(
    readonly exec: OnnxExecutor,
    readonly dictionary: CharacterDictionary,
    readonly options: RecognizerOptions = {},
    source = 'given',
  ) {
    this.height = options.height ?? 48;
    this.facts = probeLineModel(exec, this.height, options.minWidth ?? 320);
    checkDictionary(dictionary, this.facts.classes, source);
  }

  /** Reads one line image: greedy CTC decoding of the model's output. */
  read(image: OcrImage): LineReading {
    const line = this.prepare(image);
    try {
      return this.readPrepared(line);
    } finally {
      line.tensor.dispose();
    }
  }

  prepare(image: OcrImage): LineInput {
    return prepareLine(image, this.options);
  }

  readPrepared(line: LineInput): LineReading {
    const probabilities = runLine(this.exec, line.tensor, this.facts.inputName, this.facts.outputName);
    const [, steps] = probabilities.shape;
    const values = probabilities.dataSync();
    probabilities.dispose();
    const { tensor: _, ...input } = line;
    return { ...ctcGreedyDecode(values, steps, this.dictionary), steps, input };
  }

  /**
   * The model cut at `layer`, built once per layer. A token tensor's grid is fixed when the
   * adapter is built (its width follows the line's), so token cuts get one adapter per width.
   */
  adapter(layer: string = this.facts.backboneMap, width = this.options.minWidth ?? 320): OnnxAdapter {
    const base = this.cached(layer, this.options.minWidth ?? 320);
    return base.tokens === undefined ? base : this.cached(layer, width);
  }

  private cached(layer: string, width: number): OnnxAdapter {
    const key = `${layer}@${width}`;
    let adapter = this.adapters.get(key);
    if (!adapter) {
      adapter = onnxModelAdapter(this.exec, {
        tensor: layer,
        inputShape: [1, 3, this.height, width],
        ...(this.options.execution ? { execution: this.options.execution } : {}),
      });
      this.adapters.set(key, adapter);
    }
    return adapter;
  }

  dispose(): void {
    this.exec.dispose();
  }
}

export interface LoadRecognizerOptions extends RecognizerOptions {
  /** Path of the dictionary text file, or a parsed dictionary. */
  dictionary: string | CharacterDictionary;
}

/** Loads a recogniser from an ONNX file and its dictionary, refusing a dictionary that does not fit. */
export async function loadRecognizer(modelPath: string, options: LoadRecognizerOptions): Promise<Recognizer> {
  const { dictionary, ...rest } = options;
  let dict: CharacterDictionary;
  let source = 'given';
  if (typeof dictionary === 'string') {
    const fs = await import('node:fs');
    if (!fs.existsSync(dictionary)) fail(`no dictionary file at ${dictionary}`);
    dict = parseDictionary(fs.readFileSync(dictionary, 'utf8'));
    source = dictionary;
  } else {
    dict = dictionary;
  }
  const exec = await loadOnnxFile(modelPath, rest.execution ? { execution: rest.execution } : {});
  try {
    return new Recognizer(exec, dict, rest, source);
  } catch (error) {
    exec.dispose();
    throw error;
  }
}
