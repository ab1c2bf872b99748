import { colorBar } from '../color-bar';
import { encodePng } from '../image-io';
import { pageHtml } from './page';
import { shrinkPanel, shrinkPng } from './shrink';
import type { ReportInput } from './types';
import { validateReport } from './validate-report';
import { reportView } from './view';

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
  validateReport(input);
  const maxSide = options.maxImageSide ?? 640;
  if (!(maxSide >= 1)) throw new Error(`maxImageSide must be at least 1, got ${maxSide}`);
  const [imagePng, barPng, panels] = await Promise.all([
    encodePng(input.image).then((png) => shrinkPng(png, maxSide)),
    encodePng(colorBar(input.meta.colormap ?? 'jet', BAR_WIDTH, BAR_HEIGHT)),
    Promise.all(input.panels.map((p, i) => shrinkPanel(p, i, maxSide))),
  ]);
  return pageHtml(reportView({ ...input, panels }, imagePng, barPng));
}
