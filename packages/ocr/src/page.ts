import { fail } from '@gradcam/core';
import { loadOnnxFile, type OnnxExecutor } from '@gradcam/onnx';
import type * as tf from '@tensorflow/tfjs-core';
import { readAngle, rotate180 } from './angle';
import { type DbOptions, type DetectedBox, dbBoxes } from './db-boxes';
import { prepareDetection } from './detect-input';
import { type ExplainedCharacter, type ExplainLineOptions, explainLine } from './explain-line';
import { type Box, cropImage, type OcrImage } from './image';
import { runLine } from './line-model';
import { type LoadRecognizerOptions, loadRecognizer, type Recognizer } from './recognizer';

export interface PageModelPaths {
  detection: string;
  recognition: string;
  dictionary: string;
  /** PP-OCR's angle classifier (0 or 180 degrees), when lines may be upside down. */
  classifier?: string;
}

/** A text detector (PP-OCR det, DB) and a recogniser. */
export interface PageReader {
  detector: OnnxExecutor;
  recognizer: Recognizer;
  classifier?: OnnxExecutor;
  dispose(): void;
}

export async function loadPageReader(
  paths: PageModelPaths,
  options: Omit<LoadRecognizerOptions, 'dictionary'> = {},
): Promise<PageReader> {
  const loaded: { dispose(): void }[] = [];
  try {
    const detector = await loadOnnxFile(paths.detection);
    loaded.push(detector);
    const recognizer = await loadRecognizer(paths.recognition, { ...options, dictionary: paths.dictionary });
    loaded.push(recognizer);
    const classifier = paths.classifier ? await loadOnnxFile(paths.classifier) : undefined;
    if (classifier) loaded.push(classifier);
    return {
      detector,
      recognizer,
      ...(classifier ? { classifier } : {}),
      dispose: () => {
        for (const m of loaded) m.dispose();
      },
    };
  } catch (error) {
    for (const m of loaded) m.dispose();
    throw error;
  }
}

/** A character on the page: its line's explanation, with positions in page pixels. */
export interface PageCharacter extends Omit<ExplainedCharacter, 'peak' | 'stepSpan'> {
  peak: { x: number; y: number };
  stepSpan: [number, number];
}

export interface PageLine {
  box: DetectedBox;
  /** The angle classifier read the line as upside down: it was turned before recognition. */
  turned: boolean;
  /** Row of the page (0 first): boxes side by side on one row, e.g. words the detector split, share it. */
  row: number;
  text: string;
  confidence: number;
  characters: PageCharacter[];
}

export interface PageExplanation {
  width: number;
  height: number;
  text: string;
  lines: PageLine[];
  method: string;
  layer: string;
  timeMs: number;
}

export interface ExplainPageOptions extends ExplainLineOptions, DbOptions {
  /** Longest side the detector sees (PP-OCR: 960). */
  maxSide?: number;
  /** Classify each line's angle when the reader has a classifier (default true). */
  angle?: boolean;
}

/** Text boxes of a page in page pixels, in reading order (top to bottom, then left to right). */
export function detectText(
  reader: PageReader,
  image: OcrImage,
  options: ExplainPageOptions = {},
): DetectedBox[] {
  const det = prepareDetection(image, options.maxSide);
  const { inputs, outputs } = reader.detector;
  let prob: tf.Tensor;
  try {
    prob = runLine(reader.detector, det.tensor, inputs[0].name, outputs[0].name);
  } finally {
    det.tensor.dispose();
  }
  const [, , h, w] = prob.shape;
  const values = prob.dataSync();
  prob.dispose();
  const boxes = dbBoxes(values, w, h, options).map((b) =>
    clampBox(scaleBox(b, det.scaleX, det.scaleY), image),
  );
  return boxes.sort((a, b) => (sameRow(a, b) ? a.x - b.x : a.y - b.y));
}

/** Boxes whose vertical centres are closer than half the smaller height read as one row. */
function sameRow(a: Box, b: Box): boolean {
  return Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) < Math.min(a.height, b.height) / 2;
}

/**
 * Reads a page and explains every character: text detection, recognition of every box, one
 * explanation per line (all its characters in one call), positions mapped back to the page.
 */
export async function explainPage(
  reader: PageReader,
  image: OcrImage,
  options: ExplainPageOptions = {},
): Promise<PageExplanation> {
  const started = performance.now();
  const boxes = detectText(reader, image, options);
  if (boxes.length === 0) {
    fail(
      `no text found in the ${image.width}x${image.height} image: the detector marked no region as text; ` +
        'check that the image holds dark-on-light or light-on-dark printed text at a readable size',
    );
  }
  const lines: PageLine[] = [];
  let method = '';
  let layer = '';
  let row = 0;
  for (const [k, box] of boxes.entries()) {
    if (k > 0 && !sameRow(boxes[k - 1], box)) row++;
    const line = await explainBox(reader, image, box, options);
    method = line.method;
    layer = line.layer;
    lines.push({ ...line.page, row });
  }
  const text = [...new Set(lines.map((l) => l.row))]
    .map((row) =>
      lines
        .filter((l) => l.row === row && l.text.length > 0)
        .map((l) => l.text)
        .join(' '),
    )
    .filter((t) => t.length > 0)
    .join('\n');
  return {
    width: image.width,
    height: image.height,
    text,
    lines,
    method,
    layer,
    timeMs: performance.now() - started,
  };
}

/**
 * One detected box read and explained; an upside-down line (when the reader has a classifier) is
 * turned before recognition and its maps and positions turned back onto the page.
 */
async function explainBox(
  reader: PageReader,
  image: OcrImage,
  box: DetectedBox,
  options: ExplainPageOptions,
) {
  const crop = cropImage(image, box);
  const turned =
    reader.classifier !== undefined &&
    options.angle !== false &&
    readAngle(reader.classifier, crop).upsideDown;
  const line = await explainLine(reader.recognizer, turned ? rotate180(crop) : crop, options);
  const ox = Math.max(0, Math.floor(box.x));
  const oy = Math.max(0, Math.floor(box.y));
  // Positions in the crop: as read, or turned back by 180 degrees.
  const x = (v: number) => ox + (turned ? crop.width - v : v);
  const y = (v: number) => oy + (turned ? crop.height - v : v);
  const characters: PageCharacter[] = line.characters.map((c) => ({
    ...c,
    map: turned ? { ...c.map, data: c.map.data.slice().reverse() } : c.map,
    peak: { x: x(c.peak.x), y: y(c.peak.y) },
    stepSpan: turned ? [x(c.stepSpan[1]), x(c.stepSpan[0])] : [x(c.stepSpan[0]), x(c.stepSpan[1])],
  }));
  return {
    method: line.method,
    layer: line.layer,
    page: { box, turned, text: line.text.trim(), confidence: line.confidence, characters },
  };
}

function scaleBox<B extends Box>(b: B, sx: number, sy: number): B {
  return { ...b, x: b.x / sx, y: b.y / sy, width: b.width / sx, height: b.height / sy };
}

function clampBox<B extends Box>(b: B, image: OcrImage): B {
  const x = Math.max(0, b.x);
  const y = Math.max(0, b.y);
  return {
    ...b,
    x,
    y,
    width: Math.min(image.width, b.x + b.width) - x,
    height: Math.min(image.height, b.y + b.height) - y,
  };
}
