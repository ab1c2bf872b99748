import { writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { GradcamError, methodNames } from '@gradcam/core';
import { COLORMAP_NAMES, PRESETS, type PresetName, type RgbImage, toTensor } from '@gradcam/render';
import { committedVqaDir } from '@gradcam/shapeworld';
import {
  type AnswerExplanation,
  explainAnswer,
  explanationLines,
  loadVqaModel,
  slug,
  type VqaModel,
} from '@gradcam/vqa';
import { type Command, Option } from 'commander';
import { describeBackend, useBackend } from '../backend';
import { decodeBoundedImage, maxSideOption } from '../bounded-image';
import { globalOptions } from '../global-options';
import { IMAGE_FORMATS_HELP } from '../model/accepted-inputs';
import { requireModelKind } from '../model/model-kind';
import { camMethod, integerIn, listOf, methodList } from '../option-parsers';
import { outputFolder } from '../output-folder';
import { COMPARE_HELP, otherMethods } from '../report/compare';
import { degenerateLine, degenerateMaps } from '../report/degenerate-maps';
import { overlayPng } from '../report/images';
import { vqaPage } from '../report/vqa-page';
import { writeReportPage } from '../report/write-page';
import { defaultQuestion, defaultSceneImage, NO_IMAGE_FOR_MODEL } from '../shapeworld/default-inputs';
import { outOfDomainNote, printOutOfDomainNote } from '../shapeworld/out-of-domain';
import { VERSION } from '../version';

interface VqaOptions {
  image?: string;
  question?: string;
  seed: number;
  model?: string;
  answer?: string[];
  top?: number;
  counterfactual: boolean;
  method: string;
  compare?: string[];
  layer?: string;
  preset?: PresetName;
  colormap: string;
  maxSide: number;
  out: string;
}

const NO_QUESTION =
  '--question is needed with --image: ask about the image in quotes (only generated scenes come with questions)';

const HELP = `
The image is resized to the encoder's input and normalised by --preset (default: the preset saved
with the model, else unit [0,1]). Maps are upsampled to the image's own size. In --out:
  <image>-<answer>.png   the map of each explained answer over the image (-counterfactual with --counterfactual)
  <image>.json           question as read, unknown words, answers with score, probability, rank and
                         question-word importances (gradient x embedding, and the gradient's norm)
  <image>.html           the same as one self-contained page (inline images; opens from disk); with
                         --counterfactual it shows each answer's plain map beside the counterfactual`;

/** `gradcam vqa`: why a VQA model answers a question about an image the way it does. */
export function registerVqaCommand(program: Command): Command {
  return program
    .command('vqa')
    .description(
      'explain the answers of a visual question answering model, and which question words mattered',
    )
    .option(
      '-i, --image <path>',
      `the image the question is about (${IMAGE_FORMATS_HELP}; default without --model: the ShapeWorld scene of --seed)`,
    )
    .option(
      '--question <text>',
      "the question, in quotes (default for a generated scene: the scene's first question)",
    )
    .option(
      '--seed <n>',
      'without --model and --image: seed of the generated scene',
      integerIn(0, 2 ** 31),
      1,
    )
    .option('--model <dir>', 'VQA model folder (vqa.json, vqa-weights.bin, encoder/)')
    .option('-a, --answer <answers>', 'explain these answers (repeatable or comma list)', listOf())
    .addOption(
      new Option('--top <k>', 'explain the k best answers in one pass (default 1)')
        .argParser(integerIn(1, 1000))
        .conflicts('answer'),
    )
    .option('--counterfactual', 'show what speaks against each answer (negated gradients)', false)
    .option('--compare <methods>', COMPARE_HELP, methodList)
    .option('-m, --method <name>', `CAM method (${methodNames().join(', ')})`, camMethod, 'gradcam')
    .option('-l, --layer <name>', "encoder layer to explain (default: the encoder's last spatial layer)")
    .addOption(
      new Option('--preset <name>', 'pixel normalisation of the encoder').choices(Object.keys(PRESETS)),
    )
    .addOption(
      new Option('--colormap <name>', 'colormap of the overlays').choices(COLORMAP_NAMES).default('jet'),
    )
    .addOption(maxSideOption())
    .option('-o, --out <dir>', 'output folder', 'gradcam-vqa-out')
    .addHelpText('after', HELP)
    .action(async (options: VqaOptions, command: Command) => {
      if (options.model && !options.image) throw new GradcamError(NO_IMAGE_FOR_MODEL);
      if (options.image && !options.question) throw new GradcamError(NO_QUESTION);
      const print = (line: string) => process.stdout.write(`${line}\n`);
      // Without --model: the ShapeWorld VQA model committed with @gradcam/shapeworld (preset tf, saved with it).
      const model = options.model ?? committedVqaDir();
      requireModelKind(model, 'vqa', 'vqa.json', 'a VQA model folder (vqa.json, vqa-weights.bin, encoder/)');
      let { image, question } = options;
      const notice = !options.model && image ? outOfDomainNote('VQA model') : undefined;
      if (notice) printOutOfDomainNote(notice);
      if (!image) {
        image = await defaultSceneImage(options.out, options.seed);
        const asked = defaultQuestion(options.seed);
        question ??= asked.text;
        if (question === asked.text)
          print(`question about scene ${options.seed}: ${asked.text} (true answer: ${asked.answer})`);
      }
      await runVqa(
        { ...options, model, image, question: question as string, notice },
        globalOptions(command).backend,
        print,
      );
    });
}

async function runVqa(
  options: VqaOptions & { model: string; image: string; question: string; notice?: string },
  backendOption: Parameters<typeof useBackend>[0],
  print: (line: string) => void,
): Promise<void> {
  const image = await decodeBoundedImage(options.image, options.maxSide);
  const out = await outputFolder(options.out);
  const backend = await useBackend(backendOption);
  describeBackend(backend, false).forEach(print);
  const model = await loadVqaModel(options.model);
  try {
    const preset = options.preset ?? savedPreset(model) ?? 'unit';
    const size = encoderSize(model, image);
    print(
      `model: ${options.model}; ${model.answerVocabulary.size} answers; input ${size[0]}x${size[1]}, preset ${preset}`,
    );
    const input = toTensor(image, { ...PRESETS[preset], size });
    let result: AnswerExplanation;
    let plain: AnswerExplanation | undefined;
    const compared: AnswerExplanation[] = [];
    try {
      const engine = {
        method: options.method,
        layer: options.layer,
        outputSize: [image.height, image.width] as [number, number],
      };
      result = await explainAnswer(model, input, options.question, {
        ...engine,
        answer: options.answer,
        top: options.answer ? undefined : (options.top ?? 1),
        counterfactual: options.counterfactual,
      });
      // For the page: what speaks for each answer beside what speaks against it, and other methods.
      const answer = result.answers.map((a) => a.answer);
      if (options.counterfactual)
        plain = await explainAnswer(model, input, options.question, { ...engine, answer });
      for (const method of otherMethods(result.method, options.compare)) {
        compared.push(await explainAnswer(model, input, options.question, { ...engine, method, answer }));
      }
    } finally {
      input.dispose();
    }
    explanationLines(result).forEach(print);
    const degenerate = degenerateLine(degenerateMaps(result.answers.map((a) => a.map)), 'answer maps');
    if (degenerate) print(degenerate);
    const written = await writeOutputs(result, { plain, compared }, image, { ...options, preset, out });
    print(`wrote ${written.length} files to ${out}: ${written.join(', ')}`);
  } finally {
    model.dispose();
  }
}

/** The preset saved with the model (`metadata.preset`), when it names one the CLI knows. */
function savedPreset(model: VqaModel): PresetName | undefined {
  const preset = model.metadata.preset;
  return typeof preset === 'string' && preset in PRESETS ? (preset as PresetName) : undefined;
}

/** `[height, width]` the encoder takes; an encoder of any size takes the image as it is. */
function encoderSize(model: VqaModel, image: RgbImage): [number, number] {
  const [, height, width] = model.encoder.inputs[0].shape;
  return [height ?? image.height, width ?? image.width];
}

async function writeOutputs(
  result: AnswerExplanation,
  forPage: { plain?: AnswerExplanation; compared: AnswerExplanation[] },
  image: RgbImage,
  options: VqaOptions & { model: string; image: string; preset: PresetName; out: string; notice?: string },
): Promise<string[]> {
  const stem = basename(options.image, extname(options.image));
  const suffix = result.counterfactual ? '-counterfactual' : '';
  const written: string[] = [];
  const put = async (file: string, bytes: string | Uint8Array) => {
    await writeFile(join(options.out, file), bytes);
    written.push(file);
  };
  const overlays: Uint8Array[] = [];
  const files: string[] = [];
  const degenerate = degenerateMaps(result.answers.map((a) => a.map));
  for (const a of result.answers) {
    const png = await overlayPng(image, a.map, options.colormap);
    const file = `${stem}-${slug(a.answer)}${suffix}.png`;
    await put(file, png);
    files.push(file);
    overlays.push(png);
  }
  const summary = {
    command: 'gradcam vqa',
    version: VERSION,
    image: options.image,
    model: options.model,
    ...(options.notice ? { notice: options.notice } : {}),
    preset: options.preset,
    question: result.question,
    tokens: result.tokens,
    unknownWords: result.unknownWords,
    predicted: result.predicted,
    layer: result.layer,
    method: result.method,
    counterfactual: result.counterfactual,
    backend: result.backend,
    wordImportanceMeasure: result.wordImportanceMeasure,
    answers: result.answers.map((a, k) => ({
      answer: a.answer,
      index: a.index,
      rank: a.rank,
      score: a.score,
      probability: a.probability,
      overlay: files[k],
      ...(degenerate[k] ? { degenerate: degenerate[k] } : {}),
      wordImportance: a.wordImportance,
      lowres: { width: a.lowres.width, height: a.lowres.height, data: Array.from(a.lowres.data) },
    })),
    timeMs: result.timeMs,
  };
  await put(`${stem}.json`, `${JSON.stringify(summary, null, 2)}\n`);
  const page = await vqaPage({
    file: options.image,
    image,
    result,
    ...forPage,
    overlays,
    model: options.model,
    colormap: options.colormap,
    preset: options.preset,
    notice: options.notice,
    degenerate,
  });
  await writeReportPage(join(options.out, `${stem}.html`), page);
  written.push(`${stem}.html`);
  return written;
}
