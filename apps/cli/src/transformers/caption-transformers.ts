import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  explainImageCaption,
  type ImageCaptionExplanation,
  type ImageCaptioner,
  loadImageCaptioner,
} from '@gradcam/transformers';
import { describeBackend, useBackend } from '../backend';
import { decodeBoundedImage } from '../bounded-image';
import { formatFailure } from '../errors';
import { expandImagePaths } from '../explain/image-paths';
import { outputNames } from '../explain/output-names';
import type { GlobalOptions } from '../global-options';
import { outputFolder } from '../output-folder';
import { writeCaptionOutputs } from '../report/caption-outputs';
import { otherMethods } from '../report/compare';

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
  maxSide: number;
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

async function captionImage(
  captioner: ImageCaptioner,
  file: string,
  settings: TransformersCaptionOptions,
  name: string,
): Promise<ImageCaptionExplanation> {
  // Decoded once, within --max-side, and handed over as pixels: transformers.js reading the file
  // itself would hold a 6000x6000 photo at full size.
  const image = await decodeBoundedImage(file, settings.maxSide);
  const pixels = { data: image.data, width: image.width, height: image.height, channels: image.channels };
  const options = {
    method: settings.method,
    layer: settings.layer,
    outputSize: [image.height, image.width] as [number, number],
  };
  const result = await explainImageCaption(captioner, pixels, {
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
  const plain = settings.counterfactual ? await explainImageCaption(captioner, pixels, again) : undefined;
  const compared: ImageCaptionExplanation[] = [];
  for (const method of otherMethods(result.method, settings.compare)) {
    compared.push(await explainImageCaption(captioner, pixels, { ...again, method }));
  }
  await writeCaptionOutputs({
    result,
    plain,
    compared,
    image,
    file,
    name,
    out: settings.out,
    model: settings.model,
    colormap: settings.colormap,
    preset: "the model's preprocessor_config.json",
    source: result.source === 'user' ? 'given' : 'greedy',
    given: settings.caption,
    summary: {
      transformers: result.library,
      ids: result.ids,
      generated: result.generatedIds && {
        sequence: result.generatedIds.sequence,
        finished: result.generatedIds.finished,
      },
    },
    wordFields: (w) => ({ id: (w as ImageCaptionExplanation['words'][number]).id }),
  });
  return result;
}
