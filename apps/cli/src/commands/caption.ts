import {
  type CaptionExplanation,
  type Captioner,
  explainCaption,
  loadCaptioner,
  type WordChoice,
} from '@gradcam/captioning';
import { GradcamError, methodNames } from '@gradcam/core';
import { COLORMAP_NAMES, PRESETS, type PresetName, toTensor } from '@gradcam/render';
import { committedCaptionerDir } from '@gradcam/shapeworld';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { describeBackend, useBackend } from '../backend';
import { decodeBoundedImage, maxSideOption } from '../bounded-image';
import { formatFailure } from '../errors';
import { expandImagePaths } from '../explain/image-paths';
import { outputNames } from '../explain/output-names';
import { type GlobalOptions, globalOptions } from '../global-options';
import { IMAGE_FORMATS_HELP } from '../model/accepted-inputs';
import { requireModelKind } from '../model/model-kind';
import { camMethod, integerIn, listOf, methodList } from '../option-parsers';
import { outputFolder } from '../output-folder';
import { writeCaptionOutputs } from '../report/caption-outputs';
import { COMPARE_HELP, otherMethods } from '../report/compare';
import { degenerateLine, degenerateMaps } from '../report/degenerate-maps';
import { defaultSceneImage, NO_IMAGE_FOR_MODEL } from '../shapeworld/default-inputs';
import { outOfDomainNote, printOutOfDomainNote } from '../shapeworld/out-of-domain';
import { isTransformersModelDir, runTransformersCaption } from '../transformers/caption-transformers';

interface CaptionOptions {
  image?: string[];
  seed: number;
  caption?: string;
  model?: string;
  beam: number;
  maxLength: number;
  lengthPenalty: number;
  words?: string[];
  method: string;
  compare?: string[];
  layer?: string;
  counterfactual: boolean;
  preset?: PresetName;
  colormap: string;
  maxSide: number;
  out: string;
}

type Settings = CaptionOptions & { image: string[]; model: string; out: string; notice?: string };

const HELP = `
Without --caption the model writes its own caption (greedy, or beam search with --beam k) and that
is explained. A given caption is read with the model's vocabulary; words it lacks are named on
stderr and explained as <unk>. Images are resized to the encoder's input and normalised by
--preset (default: the preset saved with the model, else unit [0,1]); maps are upsampled to each
image's own size. Per image, in --out:
  <image>-<i>-<word>.png   the map of word i (0-based) of the caption over the image
  <image>-caption.png      the map of the whole caption (its summed log-probability)
  <image>.json             caption, tokens, log-probabilities, unknown words, layer, method, files
  <image>.html             one self-contained page: choose a word to see its map (opens from disk);
                           with --counterfactual it shows each word's plain map beside the counterfactual
A failing image is reported and the others still run (exit 1).`;

const CAPTION_MODELS =
  'a captioner folder (captioner.json, encoder/, decoder/) or a transformers.js vision-encoder-decoder folder';

/** `gradcam caption`: where a captioner looks for each word of a caption. */
export function registerCaptionCommand(program: Command): Command {
  return program
    .command('caption')
    .description('explain an image caption word by word: one map per word and one for the caption')
    .option(
      '-i, --image <paths...>',
      `image files (${IMAGE_FORMATS_HELP}), folders of images, or quoted globs (default without --model: the ShapeWorld scene of --seed)`,
    )
    .option(
      '--seed <n>',
      'without --model and --image: seed of the generated scene',
      integerIn(0, 2 ** 31),
      1,
    )
    .option('-c, --caption <text>', "the caption to explain, in quotes (default: the model's own)")
    .option(
      '--model <dir>',
      'captioner folder (captioner.json, encoder/, decoder/), or a local transformers.js vision-encoder-decoder folder',
    )
    .addOption(
      new Option('--beam <k>', "beam width for the model's own caption; 1 is greedy")
        .argParser(integerIn(1, 100))
        .default(1),
    )
    .addOption(
      new Option('--max-length <n>', 'longest caption the model may write, <end> included')
        .argParser(integerIn(1, 200))
        .default(20),
    )
    .addOption(
      new Option('--length-penalty <alpha>', 'rank captions by logp / length^alpha (0: plain logp)')
        .argParser(nonNegativeNumber)
        .default(0),
    )
    .option('-w, --words <words>', 'explain only these words: positions or words (comma list)', listOf())
    .option('-m, --method <name>', `CAM method (${methodNames().join(', ')})`, camMethod, 'gradcam')
    .option('-l, --layer <name>', "encoder layer to explain (default: the encoder's last spatial layer)")
    .option('--counterfactual', 'show what speaks against each word (negated gradients)', false)
    .option('--compare <methods>', COMPARE_HELP, methodList)
    .addOption(
      new Option('--preset <name>', 'pixel normalisation of the encoder').choices(Object.keys(PRESETS)),
    )
    .addOption(
      new Option('--colormap <name>', 'colormap of the overlays').choices(COLORMAP_NAMES).default('jet'),
    )
    .addOption(maxSideOption())
    .option('-o, --out <dir>', 'output folder', 'gradcam-caption-out')
    .addHelpText('after', HELP)
    .action(async (options: CaptionOptions, command: Command) => {
      if (options.model && !options.image) throw new GradcamError(NO_IMAGE_FOR_MODEL);
      // Without --model: the ShapeWorld captioner committed with @gradcam/shapeworld (preset tf, saved with it).
      const model = options.model ?? committedCaptionerDir();
      const image = options.image ?? [await defaultSceneImage(options.out, options.seed)];
      const notice = !options.model && options.image ? outOfDomainNote('captioner') : undefined;
      if (notice) printOutOfDomainNote(notice);
      if (isTransformersModelDir(model)) {
        await runTransformersCaption({ ...options, image, model }, globalOptions(command));
        return;
      }
      requireModelKind(model, 'caption', 'captioner.json', CAPTION_MODELS);
      await runCaption({ ...options, image, model, notice }, globalOptions(command));
    });
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('Expected a number >= 0.');
  return n;
}

async function runCaption(options: Settings, global: GlobalOptions): Promise<void> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const files = await expandImagePaths(options.image);
  const out = await outputFolder(options.out);
  const backend = await useBackend(global.backend);
  describeBackend(backend, global.verbose).forEach(print);
  const captioner = await loadCaptioner(options.model);
  const failures: { file: string; error: unknown }[] = [];
  try {
    const preset = options.preset ?? savedPreset(captioner) ?? 'unit';
    const { decoder, vocabulary } = captioner;
    print(
      `model: ${options.model}; ${decoder.config.kind} decoder, ${vocabulary.size} tokens; preset ${preset}`,
    );
    const names = outputNames(files);
    for (const [k, file] of files.entries()) {
      try {
        const result = await captionImage(captioner, file, { ...options, preset, out }, names[k]);
        print(
          `${file}: "${result.caption}" (${describeSource(result)}, log p = ${result.captionMap.logProb.toFixed(3)})`,
        );
        const degenerate = degenerateLine(degenerateMaps(result.words.map((w) => w.map)), 'word maps');
        if (degenerate) print(`${file}: ${degenerate}`);
      } catch (error) {
        failures.push({ file, error });
      }
    }
  } finally {
    captioner.dispose();
  }
  const explained = files.length - failures.length;
  if (explained > 0) print(`wrote the maps of ${explained} image(s) to ${out}`);
  for (const { file, error } of failures) {
    const message = `${file}: ${error instanceof Error ? error.message : String(error)}`;
    const stack = error instanceof Error ? error.stack : undefined;
    process.stderr.write(`${formatFailure(Object.assign(new Error(message), { stack }), global.verbose)}\n`);
  }
  if (failures.length > 0) process.exitCode = 1;
}

function describeSource(result: CaptionExplanation): string {
  if (result.source === 'user') return 'given';
  return result.source === 'beam' ? 'beam search' : 'greedy';
}

/** The preset saved with the model (`metadata.preset`), when it names one the CLI knows. */
function savedPreset(captioner: Captioner): PresetName | undefined {
  const preset = captioner.metadata.preset;
  return typeof preset === 'string' && preset in PRESETS ? (preset as PresetName) : undefined;
}

/** Explains one image's caption and writes its overlays, JSON and page. */
async function captionImage(
  captioner: Captioner,
  file: string,
  settings: Settings & { preset: PresetName },
  name: string,
): Promise<CaptionExplanation> {
  const image = await decodeBoundedImage(file, settings.maxSide);
  const [height, width] = captioner.imageShape;
  const input = toTensor(image, {
    ...PRESETS[settings.preset],
    size: [height ?? image.height, width ?? image.width],
  });
  let result: CaptionExplanation;
  let plain: CaptionExplanation | undefined;
  const compared: CaptionExplanation[] = [];
  try {
    const options = {
      method: settings.method,
      layer: settings.layer,
      outputSize: [image.height, image.width] as [number, number],
    };
    result = await explainCaption(captioner, input, {
      ...options,
      caption: settings.caption,
      beam: settings.beam,
      maxLength: settings.maxLength,
      lengthPenalty: settings.lengthPenalty,
      words: settings.words?.map(wordChoice),
      counterfactual: settings.counterfactual,
      onWarning: (message) => process.stderr.write(`gradcam: ${file}: ${message}\n`),
    });
    // For the page: what speaks for each word beside what speaks against it, and other methods;
    // the same caption and words once more, plain. Their warnings were given by the first pass.
    const again = {
      ...options,
      caption: settings.caption ?? result.caption,
      words: result.words.map((w) => w.index),
      onWarning: () => {},
    };
    if (settings.counterfactual) plain = await explainCaption(captioner, input, again);
    for (const method of otherMethods(result.method, settings.compare)) {
      compared.push(await explainCaption(captioner, input, { ...again, method }));
    }
  } finally {
    input.dispose();
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
    preset: settings.preset,
    source: describeSource(result),
    given: settings.caption,
    notice: settings.notice,
    summary: {
      generated: result.generated && {
        score: result.generated.score,
        finished: result.generated.finished,
        beam: settings.beam,
        lengthPenalty: settings.lengthPenalty,
      },
    },
    wordFields: (w) => ({ text: w.text }),
  });
  return result;
}

/** A --words entry: a position when it is a number, else a word. */
const wordChoice = (s: string): WordChoice => (/^\d+$/.test(s) ? Number(s) : s);
