import { colorBar } from '../color-bar';
import { encodePng } from '../image-io';
import { pageHtml } from './page';
import { shrinkPanel, shrinkPng } from './shrink';
import type { ReportInput } from './types';
import { validateReport } from './validate-report';
import { type ReportView, reportView } from './view';

/** Colour bar size in the file; the page draws it at this size too. */
const BAR_WIDTH = 256;
const BAR_HEIGHT = 14;

export interface ReportOptions {
  /**
   * Images with a longer side than this are downscaled for the page (default 640; `Infinity`
   * keeps them as given). The page shows them at about 300 CSS pixels; keep full-size files apart.
   */
  maxImageSide?: number;
}

/**
 * One self-contained HTML page of an explanation: the image, one selectable panel per word,
 * answer or class with its map(s) over the image, counterfactual and guided images where given,
 * question words as coloured chips, metrics, a colour bar and what was run. Images are inline
 * `data:` PNGs, style and script are inline, and a content security policy forbids any fetch,
 * so the file works from `file://` with no network. All text is escaped.
 *
 * Images larger than `maxImageSide` are downscaled for the page. Async because PNG encoding is.
 */
export async function renderReport(input: ReportInput, options: ReportOptions = {}): Promise<string> {
  return pageHtml(await shrunkView(input, options));
}

/**
 * The checked input with its images encoded and shrunk, ready to print with element ids prefixed
 * by `prefix`. Colour bars are shared through `bars` (one per colormap) across the sections of a book.
 */
export async function shrunkView(
  input: ReportInput,
  options: ReportOptions,
  prefix = '',
  bars = new Map<string, Promise<Uint8Array>>(),
): Promise<ReportView> {
  validateReport(input);
  const maxSide = options.maxImageSide ?? 640;
  if (!(maxSide >= 1)) throw new Error(`maxImageSide must be at least 1, got ${maxSide}`);
  const colormap = input.meta.colormap ?? 'jet';
  if (!bars.has(colormap)) bars.set(colormap, encodePng(colorBar(colormap, BAR_WIDTH, BAR_HEIGHT)));
  const [imagePng, barPng, panels] = await Promise.all([
    encodePng(input.image).then((png) => shrinkPng(png, maxSide)),
    bars.get(colormap) as Promise<Uint8Array>,
    Promise.all(input.panels.map((p, i) => shrinkPanel(p, i, maxSide))),
  ]);
  return reportView({ ...input, panels }, imagePng, barPng, prefix);
}
