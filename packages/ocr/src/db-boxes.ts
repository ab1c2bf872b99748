import type { Box } from './image';

export interface DbOptions {
  /** Probability above which a pixel is text (PP-OCR: 0.3). */
  threshold?: number;
  /** Mean probability a region needs to be kept (PP-OCR: 0.6). */
  boxThreshold?: number;
  /** How far a region is grown back, as PP-OCR's `unclip_ratio` (1.5): area * ratio / perimeter. */
  unclipRatio?: number;
  /** Regions smaller than this on either side (in map pixels) are noise (PP-OCR: 3). */
  minSize?: number;
}

export interface DetectedBox extends Box {
  /** Mean text probability inside the region. */
  score: number;
}

/**
 * DB post-processing of a text probability map `[h, w]` into axis-aligned boxes, in map pixels:
 * threshold, 4-connected regions, mean probability as the score, and each region's bounding box
 * grown by `area * unclipRatio / perimeter` (DB shrinks text regions by that much in training).
 * PP-OCR fits rotated rectangles; axis-aligned boxes serve horizontal text only.
 */
export function dbBoxes(
  prob: ArrayLike<number>,
  w: number,
  h: number,
  options: DbOptions = {},
): DetectedBox[] {
  const threshold = options.threshold ?? 0.3;
  const boxThreshold = options.boxThreshold ?? 0.6;
  const unclip = options.unclipRatio ?? 1.5;
  const minSize = options.minSize ?? 3;
  const label = new Int32Array(w * h).fill(-1);
  const boxes: DetectedBox[] = [];
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== -1 || prob[start] <= threshold) continue;
    let [x0, y0, x1, y1, sum, count] = [w, h, -1, -1, 0, 0];
    label[start] = boxes.length;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop() as number;
      const x = p % w;
      const y = (p - x) / w;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      sum += prob[p];
      count++;
      for (const q of [
        x > 0 ? p - 1 : -1,
        x < w - 1 ? p + 1 : -1,
        y > 0 ? p - w : -1,
        y < h - 1 ? p + w : -1,
      ]) {
        if (q >= 0 && label[q] === -1 && prob[q] > threshold) {
          label[q] = boxes.length;
          stack.push(q);
        }
      }
    }
    const bw = x1 - x0 + 1;
    const bh = y1 - y0 + 1;
    const score = sum / count;
    // Keep the region's slot in `label` numbering even when it is dropped.
    const keep = Math.min(bw, bh) >= minSize && score >= boxThreshold;
    const d = (bw * bh * unclip) / (2 * (bw + bh));
    const box = { x: x0 - d, y: y0 - d, width: bw + 2 * d, height: bh + 2 * d, score };
    boxes.push(keep ? box : { ...box, score: -1 });
  }
  return boxes.filter((b) => b.score >= 0);
}
