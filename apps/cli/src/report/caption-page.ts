import { basename } from 'node:path';
import type { CaptionExplanation } from '@gradcam/captioning';
import type { MapData } from '@gradcam/core';
import type { ReportInput, ReportPanel, RgbImage } from '@gradcam/render';
import { pageBanner } from './degenerate-maps';
import { guidedPng, overlayPng } from './images';

export interface CaptionPageData {
  file: string;
  image: RgbImage;
  /** The maps as asked for (counterfactual with --counterfactual). */
  result: CaptionExplanation;
  /** Overlays already encoded for the files: one per word of `result.words`, then the caption's. */
  overlays: { words: Uint8Array[]; caption: Uint8Array };
  /** With --counterfactual: the plain maps of the same words, shown beside the counterfactual ones. */
  plain?: CaptionExplanation;
  /** Plain maps of more methods, compared side by side on the page. */
  compared?: CaptionExplanation[];
  model: string;
  colormap: string;
  preset: string;
  /** `given`, `greedy`, `beam search`. */
  source: string;
  /** The caption as the user typed it, when given; the page shows it over the words as read. */
  given?: string;
  /** Why the whole page may mean nothing (the page banner). */
  notice?: string;
  /** Per word of `result.words`: why its map carries no location, when so. */
  degenerate?: (string | undefined)[];
}

type MapOf = (e: CaptionExplanation) => MapData | undefined;

/**
 * The plain map in `maps` (with the compared methods' beside it) and the counterfactual in
 * `counterfactual`, or the one map there is. `mapOf` picks the same word from another explanation.
 */
async function mapsOf(data: CaptionPageData, overlay: Uint8Array, mapOf: MapOf) {
  const { result, plain, image, colormap } = data;
  const method = result.method;
  const plainMap = plain && mapOf(plain);
  const maps: Record<string, Uint8Array> = {};
  if (!result.counterfactual) maps[method] = overlay;
  else if (plainMap) maps[method] = await overlayPng(image, plainMap, colormap);
  else maps[`${method} (counterfactual)`] = overlay;
  for (const other of data.compared ?? []) {
    const map = mapOf(other);
    if (map) maps[other.method] = await overlayPng(image, map, colormap);
  }
  return { maps, counterfactual: result.counterfactual && plainMap ? { [method]: overlay } : undefined };
}

/** The page of `gradcam caption` for one image: the caption's words, then the whole caption. */
export async function captionPage(data: CaptionPageData): Promise<ReportInput> {
  const { result, plain } = data;
  const panels: ReportPanel[] = [];
  for (const [k, w] of result.words.entries()) {
    panels.push({
      label: w.unknown ? `${w.text} (<unk>)` : w.word,
      logProb: w.logProb,
      notes: [
        `word ${w.index + 1} of ${result.tokens.length}`,
        ...(w.unknown ? [`"${w.text}" is not in the model's vocabulary: explained as <unk>`] : []),
        ...(data.degenerate?.[k] ? [data.degenerate[k] as string] : []),
      ],
      ...(await mapsOf(data, data.overlays.words[k], (e) => e.words.find((o) => o.index === w.index)?.map)),
      guided: w.guided && (await guidedPng(w.guided)),
      guidedGradCam: w.guidedGradCam && (await guidedPng(w.guidedGradCam)),
    });
  }
  panels.push({
    label: 'whole caption',
    logProb: result.captionMap.logProb,
    notes: ["the caption's summed log-probability, <end> included"],
    ...(await mapsOf(data, data.overlays.caption, (e) => e.captionMap.map)),
  });
  return {
    image: data.image,
    kind: 'words',
    panels,
    meta: {
      title: basename(data.file),
      subtitle: data.given ?? result.caption,
      command: 'gradcam caption',
      layers: [result.layer],
      backend: result.backend,
      model: data.model,
      timeMs: [result, plain, ...(data.compared ?? [])].reduce((t, e) => t + (e?.timeMs ?? 0), 0),
      colormap: data.colormap,
      scoreName: 'log p',
      details: {
        caption: `${data.source}; log p(<end>) ${result.endLogProb.toFixed(3)}`,
        image: `${data.file} (${data.image.width}x${data.image.height})`,
        preset: data.preset,
      },
      notes: [
        ...(result.unknownWords.length > 0
          ? [`not in the model's vocabulary (explained as <unk>): ${result.unknownWords.join(', ')}`]
          : []),
        ...(result.counterfactual
          ? ['counterfactual maps (beside each plain map): the regions that speak against the word']
          : []),
      ],
      banner: pageBanner(data.notice, data.degenerate),
    },
  };
}
