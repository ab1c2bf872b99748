import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptionExplanation } from '@gradcam/captioning';
import type { MapData } from '@gradcam/core';
import type { RgbImage } from '@gradcam/render';
import { VERSION } from '../version';
import { captionPage } from './caption-page';
import { degenerateMaps } from './degenerate-maps';
import { overlayPng } from './images';
import { writeReportPage } from './write-page';

type Word = CaptionExplanation['words'][number];

/** What `gradcam caption` writes for one image, whichever kind of captioner made the maps. */
export interface CaptionOutputs<R extends CaptionExplanation> {
  result: R;
  /** For the page: plain maps beside counterfactual ones, and other methods' maps. */
  plain?: R;
  compared: R[];
  image: RgbImage;
  file: string;
  /** The file-name stem of this image's outputs. */
  name: string;
  out: string;
  model: string;
  colormap: string;
  preset: string;
  /** `given`, `greedy`, `beam search`. */
  source: string;
  given?: string;
  /** Why the maps may mean nothing (a photo given to the bundled captioner): JSON, page banner. */
  notice?: string;
  /** Fields of the JSON summary that only this kind of captioner has, after `model`. */
  summary: Record<string, unknown>;
  /** Fields of each word's JSON entry that only this kind of captioner has. */
  wordFields: (word: Word) => Record<string, unknown>;
}

/** A word as a file-name part: letters and digits only (`<unk>` becomes `unk`). */
const fileWord = (word: string) => word.replace(/[^\p{L}\p{N}]+/gu, '') || 'word';

/**
 * Per image: `<name>-<i>-<word>.png` per word, `<name>-caption.png`, `<name>.json` and the
 * self-contained `<name>.html`.
 */
export async function writeCaptionOutputs<R extends CaptionExplanation>(o: CaptionOutputs<R>): Promise<void> {
  const { result, name, out } = o;
  const overlay = (map: MapData) => overlayPng(o.image, map, o.colormap);
  const wordPngs: Uint8Array[] = [];
  const words = [];
  const degenerate = degenerateMaps(result.words.map((w) => w.map));
  for (const [k, w] of result.words.entries()) {
    const png = await overlay(w.map);
    const overlayFile = `${name}-${w.index}-${fileWord(w.word)}.png`;
    await writeFile(join(out, overlayFile), png);
    wordPngs.push(png);
    words.push({
      index: w.index,
      word: w.word,
      ...o.wordFields(w),
      unknown: w.unknown,
      logProb: w.logProb,
      overlay: overlayFile,
      ...(degenerate[k] ? { degenerate: degenerate[k] } : {}),
    });
  }
  const captionPng = await overlay(result.captionMap.map);
  const captionFile = `${name}-caption.png`;
  await writeFile(join(out, captionFile), captionPng);
  const summary = {
    command: 'gradcam caption',
    version: VERSION,
    image: o.file,
    model: o.model,
    ...(o.notice ? { notice: o.notice } : {}),
    ...o.summary,
    caption: result.caption,
    source: result.source,
    tokens: result.tokens,
    logProbs: result.logProbs,
    endLogProb: result.endLogProb,
    captionLogProb: result.captionMap.logProb,
    unknownWords: result.unknownWords,
    layer: result.layer,
    method: result.method,
    counterfactual: result.counterfactual,
    backend: result.backend,
    words,
    captionMap: captionFile,
    html: `${name}.html`,
    timeMs: result.timeMs,
  };
  await writeFile(join(out, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  const page = await captionPage({
    file: o.file,
    image: o.image,
    result,
    plain: o.plain,
    compared: o.compared,
    overlays: { words: wordPngs, caption: captionPng },
    model: o.model,
    colormap: o.colormap,
    preset: o.preset,
    source: o.source,
    given: o.given,
    notice: o.notice,
    degenerate,
  });
  await writeReportPage(join(out, `${name}.html`), page);
}
