import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PageExplanation } from '@gradcam/ocr';
import type { ReportInput, ReportPanel, RgbImage } from '@gradcam/render';
import { overlayPng } from '../report/images';
import { writeReportPage } from '../report/write-page';
import { VERSION } from '../version';
import { pageMap } from './page-maps';

export interface OcrOutputs {
  result: PageExplanation;
  image: RgbImage;
  file: string;
  name: string;
  out: string;
  models: string;
  backend: string;
  colormap: string;
  /** Most character panels the page draws: each is an overlay as large as the page. */
  pageMaps: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** `<name>.json` (text, boxes, characters and where each map peaks) and `<name>.html`, one panel per character. */
export async function writeOcrOutputs(
  o: OcrOutputs,
): Promise<{ json: string; html: string; leftOut: number }> {
  const { result, image } = o;
  const panels: ReportPanel[] = [];
  let leftOut = 0;
  const lines = result.lines.map((line) => ({
    row: line.row,
    turned: line.turned,
    text: line.text,
    confidence: line.confidence,
    box: {
      x: round(line.box.x),
      y: round(line.box.y),
      width: round(line.box.width),
      height: round(line.box.height),
    },
    detectionScore: line.box.score,
    characters: line.characters.map((c) => ({
      char: c.char,
      index: c.index,
      probability: c.probability,
      logProb: c.score,
      steps: c.steps,
      peak: { x: round(c.peak.x), y: round(c.peak.y) },
      stepSpan: [round(c.stepSpan[0]), round(c.stepSpan[1])],
    })),
  }));
  for (const [l, line] of result.lines.entries()) {
    for (const c of line.characters) {
      if (c.char === ' ') continue;
      if (panels.length >= o.pageMaps) {
        leftOut++;
        continue;
      }
      const map = pageMap(c.map, line, image.width, image.height);
      panels.push({
        label: c.char,
        logProb: c.score,
        probability: c.probability,
        notes: [
          `box ${l + 1} "${line.text}" (row ${line.row + 1}), character ${c.index + 1}; peak at (${round(c.peak.x)}, ${round(c.peak.y)})`,
        ],
        maps: { [result.method]: await overlayPng(image, map, o.colormap) },
      });
    }
  }
  const summary = {
    command: 'gradcam ocr',
    version: VERSION,
    image: o.file,
    models: o.models,
    width: result.width,
    height: result.height,
    text: result.text,
    method: result.method,
    layer: result.layer,
    backend: o.backend,
    lines,
    html: `${o.name}.html`,
    timeMs: result.timeMs,
  };
  const json = join(o.out, `${o.name}.json`);
  const html = join(o.out, `${o.name}.html`);
  await writeFile(json, `${JSON.stringify(summary, null, 2)}\n`);
  const page: ReportInput = {
    image,
    kind: 'words',
    panels,
    meta: {
      title: basename(o.file),
      subtitle: result.text.replace(/\n/g, ' / '),
      command: 'gradcam ocr',
      layers: [result.layer],
      backend: o.backend,
      model: o.models,
      timeMs: result.timeMs,
      colormap: o.colormap,
      scoreName: 'log p',
      details: { image: `${o.file} (${image.width}x${image.height})`, lines: String(result.lines.length) },
      notes: [
        "each character's map: its log-probability summed over the time steps that read it",
        ...(leftOut > 0
          ? [`${leftOut} more characters are in ${o.name}.json only (--page-maps ${o.pageMaps})`]
          : []),
      ],
    },
  };
  await writeReportPage(html, page);
  return { json, html, leftOut };
}
