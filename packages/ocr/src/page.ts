import { fail } from '@gradcam/core';
import { loadOnnxFile, type OnnxExecutor } from '@gradcam/onnx';
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
}

/** A text detector (PP-OCR det, DB) and a recogniser. */
export interface PageReader {
  detector: OnnxExecutor;
  recognizer: Recognizer;
  dispose(): void;
}

export async function loadPageReader(
  paths: PageModelPaths,
  options: Omit<LoadRecognizerOptions, 'dictionary'> = {},
): Promise<PageReader> {
  const detector = await loadOnnxFile(paths.detection);
  try {
    const recognizer = await loadRecognizer(paths.recognition, { ...options, dictionary: paths.dictionary });
    return {
      detector,
      recognizer,
      dispose: () => {
        detector.dispose();
        recognizer.dispose();
      },
    };
  } catch (error) {
    detector.dispose();
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
}

/** Text boxes of a page in page pixels, in reading order (top to bottom, then left to right). */
export function detectText(
  reader: PageReader,
  image: OcrImage,
  options: ExplainPageOptions = {},
): DetectedBox[] {
  const det = prepareDetection(image, options.maxSide);
  const { inputs, outputs } = reader.detector;
  const prob = runLine(reader.detector, det.tensor, inputs[0].name, outputs[0].name);
  const [, , h, w] = prob.shape as unknown as number[];
  const values = prob.dataSync();
  prob.dispose();
  det.tensor.dispose();
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
    const line = await explainLine(reader.recognizer, cropImage(image, box), options);
    method = line.method;
    layer = line.layer;
    const ox = Math.max(0, Math.floor(box.x));
    const oy = Math.max(0, Math.floor(box.y));
    lines.push({
      box,
      row,
      text: line.text.trim(),
      confidence: line.confidence,
      characters: line.characters.map((c) => ({
        ...c,
        peak: { x: c.peak.x + ox, y: c.peak.y + oy },
        stepSpan: [c.stepSpan[0] + ox, c.stepSpan[1] + ox],
      })),
    });
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
