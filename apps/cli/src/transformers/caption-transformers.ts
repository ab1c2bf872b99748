import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MapData } from '@gradcam/core';
import { decodeImage, type RgbImage } from '@gradcam/render';
import {
  explainImageCaption,
  type ImageCaptionExplanation,
  type ImageCaptioner,
  loadImageCaptioner,
} from '@gradcam/transformers';
import { describeBackend, useBackend } from '../backend';
import { formatFailure } from '../errors';
import { expandImagePaths } from '../explain/image-paths';
import { outputNames } from '../explain/output-names';
import type { GlobalOptions } from '../global-options';
import { outputFolder } from '../output-folder';
import { captionPage } from '../report/caption-page';
import { otherMethods } from '../report/compare';
import { overlayPng } from '../report/images';
import { writeReportPage } from '../report/write-page';
import { VERSION } from '../version';

/** The options of `gradcam caption` that a transformers.js model uses. */
export interface TransformersCaptionOptions {
  model: string;
  image: string[];
  caption?: string;
  beam: number;
  maxLength: number;
  words?: string[];
  method: string;
  compare?: string[];
  layer?: string;
  counterfactual: boolean;
  preset?: string;
  colormap: string;
  out: string;
}

/**
 * A transformers.js model folder (config.json with a model_type, no captioner.json): `gradcam
 * caption --model` dispatches such folders here.
 */
export function isTransformersModelDir(dir: string): boolean {
  if (existsSync(join(dir, 'captioner.json')) || !existsSync(join(dir, 'config.json'))) return false;
  try {
    return typeof JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).model_type === 'string';
  } catch {
    return false;
  }
}

/** `gradcam caption --model <transformers.js folder>`: the same files and page as for CNN+LSTM captioners. */
export async function runTransformersCaption(
  options: TransformersCaptionOptions,
  global: GlobalOptions,
): Promise<void> {
  if (options.beam !== 1) {
    throw new Error(
      '--beam: transformers.js captions are explained as the model writes them greedily; leave --beam at 1',
    );
  }
  if (options.preset) {
    throw new Error(
      '--preset does not apply to a transformers.js model: its own preprocessor_config.json resizes and normalises the image',
    );
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const files = await expandImagePaths(options.image);
  const out = await outputFolder(options.out);
  describeBackend(await useBackend(global.backend), global.verbose).forEach(print);
  const captioner = await loadImageCaptioner(options.model);
  const failures: { file: string; error: unknown }[] = [];
  try {
    const { grid } = captioner.modelDir;
    print(
      `model: ${options.model}; transformers.js vision-encoder-decoder via ${captioner.library.name}, ${grid[0]}x${grid[1]} patches`,
    );
    const names = outputNames(files);
    for (const [k, file] of files.entries()) {
      try {
        const result = await captionImage(captioner, file, { ...options, out }, names[k]);
        const source = result.source === 'user' ? 'given' : 'greedy';
        print(`${file}: "${result.caption}" (${source}, log p = ${result.captionMap.logProb.toFixed(3)})`);
      } catch (error) {
        failures.push({ file, error });
      }
    }
  } finally {
    await captioner.dispose();
  }
  print(`wrote the maps of ${files.length - failures.length} image(s) to ${out}`);
  for (const { file, error } of failures) {
    const message = `${file}: ${error instanceof Error ? error.message : String(error)}`;
    const stack = error instanceof Error ? error.stack : undefined;
    process.stderr.write(`${formatFailure(Object.assign(new Error(message), { stack }), global.verbose)}\n`);
  }
  if (failures.length > 0) process.exitCode = 1;
}

const wordChoice = (s: string): number | string => (/^\d+$/.test(s) ? Number(s) : s);
const fileWord = (word: string) => word.replace(/[^\p{L}\p{N}]+/gu, '') || 'word';

async function captionImage(
  captioner: ImageCaptioner,
  file: string,
  settings: TransformersCaptionOptions,
  name: string,
): Promise<ImageCaptionExplanation> {
  const image = await decodeImage(file);
  const options = {
    method: settings.method,
    layer: settings.layer,
    outputSize: [image.height, image.width] as [number, number],
  };
  const result = await explainImageCaption(captioner, file, {
    ...options,
    caption: settings.caption,
    maxLength: settings.maxLength,
    words: settings.words?.map(wordChoice),
    counterfactual: settings.counterfactual,
  });
  if (result.unknownWords.length > 0) {
    process.stderr.write(
      `gradcam: ${file}: words the tokenizer does not know, explained as its unknown token: ${result.unknownWords.join(', ')}\n`,
    );
  }
  // The page shows plain maps beside counterfactual ones, and other methods: same caption and tokens.
  const again = { ...options, caption: result.caption, words: result.words.map((w) => w.index) };
  const plain = settings.counterfactual ? await explainImageCaption(captioner, file, again) : undefined;
  const compared: ImageCaptionExplanation[] = [];
  for (const method of otherMethods(result.method, settings.compare)) {
    compared.push(await explainImageCaption(captioner, file, { ...again, method }));
  }
  await writeOutputs(result, { plain, compared }, image, file, name, settings);
  return result;
}

async function writeOutputs(
  result: ImageCaptionExplanation,
  forPage: { plain?: ImageCaptionExplanation; compared: ImageCaptionExplanation[] },
  image: RgbImage,
  file: string,
  name: string,
  settings: TransformersCaptionOptions,
): Promise<void> {
  const overlay = (map: MapData) => overlayPng(image, map, settings.colormap);
  const wordPngs: Uint8Array[] = [];
  const words = [];
  for (const w of result.words) {
    const png = await overlay(w.map);
    const overlayFile = `${name}-${w.index}-${fileWord(w.word)}.png`;
    await writeFile(join(settings.out, overlayFile), png);
    wordPngs.push(png);
    words.push({
      index: w.index,
      word: w.word,
      id: w.id,
      unknown: w.unknown,
      logProb: w.logProb,
      overlay: overlayFile,
    });
  }
  const captionPng = await overlay(result.captionMap.map);
  const captionFile = `${name}-caption.png`;
  await writeFile(join(settings.out, captionFile), captionPng);
  const summary = {
    command: 'gradcam caption',
    version: VERSION,
    image: file,
    model: settings.model,
    transformers: result.library,
    caption: result.caption,
    source: result.source,
    tokens: result.tokens,
    ids: result.ids,
    logProbs: result.logProbs,
    endLogProb: result.endLogProb,
    captionLogProb: result.captionMap.logProb,
    unknownWords: result.unknownWords,
    generated: result.generatedIds && {
      sequence: result.generatedIds.sequence,
      finished: result.generatedIds.finished,
    },
    layer: result.layer,
    method: result.method,
    counterfactual: result.counterfactual,
    backend: result.backend,
    words,
    captionMap: captionFile,
    html: `${name}.html`,
    timeMs: result.timeMs,
  };
  await writeFile(join(settings.out, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  const page = await captionPage({
    file,
    image,
    result,
    ...forPage,
    overlays: { words: wordPngs, caption: captionPng },
    model: settings.model,
    colormap: settings.colormap,
    preset: "the model's preprocessor_config.json",
    source: result.source === 'user' ? 'given' : 'greedy',
    given: settings.caption,
  });
  await writeReportPage(join(settings.out, `${name}.html`), page);
}
