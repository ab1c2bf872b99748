import { colorBar } from '../color-bar';
import { encodePng } from '../image-io';
import { pageHtml } from './page';
import type { ReportInput } from './types';
import { validateReport } from './validate-report';
import { reportView } from './view';

/** Colour bar size in the file; the page draws it at this size too. */
const BAR_WIDTH = 256;
const BAR_HEIGHT = 14;

/**
 * One self-contained HTML page of an explanation: the image, one selectable panel per word,
 * answer or class with its map(s) over the image, counterfactual and guided images where given,
 * question words as coloured chips, metrics, a colour bar and what was run. Images are inline
 * `data:` PNGs, style and script are inline, and a content security policy forbids any fetch,
 * so the file works from `file://` with no network. All text is escaped.
 *
 * Async only because PNG encoding (the image and the colour bar) is.
 */
export async function renderReport(input: ReportInput): Promise<string> {
  validateReport(input);
  const [imagePng, barPng] = await Promise.all([
    encodePng(input.image),
    encodePng(colorBar(input.meta.colormap ?? 'jet', BAR_WIDTH, BAR_HEIGHT)),
  ]);
  return pageHtml(reportView(input, imagePng, barPng));
}
