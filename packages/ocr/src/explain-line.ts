import { characterTarget, explain, type MapData } from '@gradcam/core';
import type { DecodedCharacter } from './ctc-decode';
import type { OcrImage } from './image';
import type { LineReading, Recognizer } from './recognizer';

/** The method explained when none is given; why: see the package README (measured on rendered lines). */
export const DEFAULT_LINE_METHOD = 'layercam';

export interface ExplainLineOptions {
  /** Engine method (default `layercam`). */
  method?: string;
  /** Tensor of the recogniser to explain (default: its last 2-D feature map). */
  layer?: string;
  /**
   * Characters per backward pass (default 1). PP-OCRv4's SVTR neck runs its attention as batched
   * matrix products, which WASM does 2-3x slower per row at 12 rows than at one
   * (`bench/line-speed.ts`), so one row per pass is the faster default.
   */
  maxRowsPerPass?: number;
}

export interface ExplainedCharacter extends DecodedCharacter {
  /** Position in the line's text. */
  index: number;
  /** The target's score: the sum of the character's log-probabilities at its steps. */
  score: number;
  /** The map over the line's own pixels, at the model's resolution (height x resized width). */
  map: MapData;
  /** The map's maximum, in line pixels. */
  peak: { x: number; y: number };
  /** The line-pixel x range of the time steps that emitted the character. */
  stepSpan: [number, number];
}

export interface LineExplanation extends Omit<LineReading, 'characters'> {
  characters: ExplainedCharacter[];
  method: string;
  layer: string;
  timeMs: number;
}

/**
 * Reads a line and explains every character it read, in one engine call (one backward pass while
 * the rows fit the memory budget): each character's target is its class's log-probability summed
 * over the time steps that emitted it.
 */
export async function explainLine(
  recognizer: Recognizer,
  image: OcrImage,
  options: ExplainLineOptions = {},
): Promise<LineExplanation> {
  const started = performance.now();
  const method = options.method ?? DEFAULT_LINE_METHOD;
  const line = recognizer.prepare(image);
  try {
    const adapter = recognizer.adapter(options.layer, line.paddedWidth);
    const reading = recognizer.readPrepared(line);
    const base = { ...reading, method, layer: adapter.layer };
    if (reading.characters.length === 0) {
      return { ...base, characters: [], timeMs: performance.now() - started };
    }
    const targets = reading.characters.map((c, i) =>
      characterTarget(c.classIndex, c.steps, { label: `${i}:${c.char}` }),
    );
    const result = await explain(adapter, line.tensor, targets, {
      method,
      outputSize: [recognizer.height, line.paddedWidth],
      maxRowsPerPass: options.maxRowsPerPass ?? 1,
    });
    const stepWidth = line.paddedWidth / reading.steps;
    const characters = reading.characters.map((c, index) => {
      const m = result.maps.find((r) => r.target === index);
      if (!m) throw new Error(`the engine returned no map for character ${index}`);
      const map = cropColumns(m.map, line.resizedWidth);
      const peak = argmax(map);
      return {
        ...c,
        index,
        score: m.score,
        map,
        peak: { x: (peak.x + 0.5) / line.scaleX, y: (peak.y + 0.5) / line.scaleY },
        stepSpan: [
          (c.steps[0] * stepWidth) / line.scaleX,
          ((c.steps[c.steps.length - 1] + 1) * stepWidth) / line.scaleX,
        ] as [number, number],
      };
    });
    return { ...base, characters, timeMs: performance.now() - started };
  } finally {
    line.tensor.dispose();
  }
}

/** The first `width` columns of a map: the line without its padding. */
function cropColumns(map: MapData, width: number): MapData {
  const data = new Float32Array(width * map.height);
  for (let y = 0; y < map.height; y++)
    data.set(map.data.subarray(y * map.width, y * map.width + width), y * width);
  return { data, width, height: map.height };
}

function argmax(map: MapData): { x: number; y: number } {
  let best = 0;
  for (let i = 1; i < map.data.length; i++) if (map.data[i] > map.data[best]) best = i;
  return { x: best % map.width, y: Math.floor(best / map.width) };
}
