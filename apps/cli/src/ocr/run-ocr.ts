import { explainPage, loadPageReader } from '@gradcam/ocr';
import { describeBackend, useBackend } from '../backend';
import { decodeBoundedImage } from '../bounded-image';
import { outputNames } from '../explain/output-names';
import type { GlobalOptions } from '../global-options';
import { outputFolder } from '../output-folder';
import { ocrModelDir, ocrModelFiles } from './model-files';
import { writeOcrOutputs } from './ocr-outputs';

export interface OcrOptions {
  image: string;
  models?: string;
  method?: string;
  layer?: string;
  colormap: string;
  pageMaps: number;
  out: string;
}

/** Reads one image's text, explains every character and writes the JSON and the page. */
export async function runOcr(options: OcrOptions, global: GlobalOptions): Promise<void> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const dir = ocrModelDir(options.models);
  const paths = ocrModelFiles(dir);
  const image = await decodeBoundedImage(options.image);
  const out = await outputFolder(options.out);
  const backend = await useBackend(global.backend);
  describeBackend(backend, global.verbose).forEach(print);
  const reader = await loadPageReader(paths);
  try {
    const result = await explainPage(reader, image, {
      ...(options.method ? { method: options.method } : {}),
      ...(options.layer ? { layer: options.layer } : {}),
    });
    print(result.text);
    const chars = result.lines.reduce((n, l) => n + l.characters.filter((c) => c.char !== ' ').length, 0);
    const [name] = outputNames([options.image]);
    const files = await writeOcrOutputs({
      result,
      image,
      file: options.image,
      name,
      out,
      models: dir,
      backend: backend.name,
      colormap: options.colormap,
      pageMaps: options.pageMaps,
    });
    if (files.leftOut > 0) {
      print(
        `the page draws the first ${options.pageMaps} characters; ${files.leftOut} more are in the JSON only (--page-maps)`,
      );
    }
    print(
      `${result.lines.length} text box(es) on ${new Set(result.lines.map((l) => l.row)).size} row(s), ${chars} character(s) explained (${result.method} at ${result.layer}) in ${(result.timeMs / 1000).toFixed(1)} s; wrote ${files.json} and ${files.html}`,
    );
  } finally {
    reader.dispose();
  }
}
