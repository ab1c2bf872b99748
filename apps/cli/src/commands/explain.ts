import { GradcamError, methodNames } from '@gradcam/core';
import { COLORMAP_NAMES, PRESETS, type PresetName } from '@gradcam/render';
import { CLASSIFIER_CLASSES } from '@gradcam/shapeworld';
import { type Command, Option } from 'commander';
import { maxSideOption } from '../bounded-image';
import type { ClassChoice } from '../explain/class-choice';
import { classAnnotations, LABELS_HELP, LABELS_WITHOUT_MODEL } from '../explain/labels-file';
import { presetNote } from '../explain/preset-note';
import { runExplain } from '../explain/run-explain';
import { OUTPUT_FORMATS, type OutputFormat, PAGE_MAPS } from '../explain/settings';
import { globalOptions } from '../global-options';
import { CLASSIFIER_MODEL_HELP, IMAGE_FORMATS_HELP } from '../model/accepted-inputs';
import { EXECUTION_CHOICES, EXECUTION_HELP, type Execution } from '../model/body-execution';
import { OUTPUT_HELP, OUTPUT_WITHOUT_MODEL } from '../model/output-option';
import {
  addPreprocessingOptions,
  PREPROCESSING_HELP,
  type PreprocessingOptions,
} from '../model/preprocessing';
import { camMethod, integerIn, listOf, methodList } from '../option-parsers';
import { COMPARE_HELP } from '../report/compare';
import { REFERENCE_PRESET, referenceExplainRequest } from '../shapeworld/reference-explain';
import { addClassChoiceOptions } from './class-options';

interface ExplainOptions extends PreprocessingOptions {
  model?: string;
  labels?: string;
  output?: string;
  image?: string[];
  seed: number;
  scenes: number;
  layer?: string[];
  class?: number;
  top?: number;
  method: string;
  compare?: string[];
  counterfactual: boolean;
  guided: boolean;
  verify: boolean;
  preset?: PresetName;
  out: string;
  format?: OutputFormat[];
  colormap: string;
  maxSide: number;
  pageMaps: number;
  execution: Execution;
}

const DEFAULT_FORMATS: OutputFormat[] = ['png', 'json', 'html'];

const HELP = `
Without --model: the ShapeWorld shape classifier trained in this repository (circle, square,
triangle, cross; 64x64, preset tf), explaining every class; without --image it explains scenes
generated from --seed (written as scene-<seed>.png) and grades each present shape's map against
its objects' masks (pointing game, share of the map on them, IoU of the 15% box).
Preprocessing: images are resized (bilinear) to the model's input size and normalised by --preset:
  unit [0,1] (default), tf [-1,1], imagenet ([0,1] - mean) / std, caffe BGR 0..255 - mean. Input is NHWC
  (an ONNX model's NCHW input gets the same image, transposed). A model that declares 1 channel gets
  the image's luma. Other preprocessing: see below.
Maps are upsampled to each image's own size. Per image, in --out:
  <name>-<class>.png|.jpg   overlay          <name>-<class>.npy  the map, float32 [h, w] in [0,1]
  <name>.json               scores, layer, method, backend, timing
  <name>.html               one self-contained page: the classes with their maps (opens from disk)
  with --guided: <name>-<class>-guided.png and -guided-gradcam.png (at the model's input size)
  with --counterfactual the files hold the counterfactual maps; the page shows them beside the plain ones
  with --verify each map's gradient at the layer is compared with central finite differences of the
  score (3 random and 3 top-channel directions, relative error threshold 0.05): the figures go in the
  JSON and on the page; an image that fails names the layer and is a failure; costs 50 more
  evaluations of the model's head per class and image
and summary.json over all images. A failing image is reported and the others still run (exit 1).
Memory: a map is float32 at the image's size, 4 x width x height bytes (1.2 MB at 640x480, 7.7 MB at
1600x1200); --top K explains the classes in chunks of 32 MiB of maps, each written before the next,
so K does not bound memory; the page keeps its --page-maps maps until it is written.`;

/** `gradcam explain`: Grad-CAM maps of a TF.js model's classes on image files. */
export function registerExplainCommand(program: Command): Command {
  const command = addClassChoiceOptions(
    program
      .command('explain')
      .description(
        'explain what an image classifier looks at: a TF.js or ONNX model, or the bundled ShapeWorld classifier on generated scenes',
      )
      .option('--model <path>', `${CLASSIFIER_MODEL_HELP} (default: the ShapeWorld classifier)`)
      .option('--labels <file>', LABELS_HELP)
      .option('--output <name>', OUTPUT_HELP)
      .option(
        '-i, --image <paths...>',
        `image files (${IMAGE_FORMATS_HELP}), folders of images, or quoted globs ("imgs/*.jpg"); without --model it may be left out`,
      )
      .option(
        '--seed <n>',
        'without --model and --image: seed of the first generated scene',
        integerIn(0, 2 ** 31),
        1,
      )
      .option(
        '--scenes <n>',
        'without --model and --image: how many scenes (seeds seed, seed+1, ...)',
        integerIn(1, 1000),
        1,
      ),
  )
    .option(
      '--page-maps <n>',
      'draw at most n maps on each report page (the best first); the others are written as files only',
      integerIn(1, 1000),
      PAGE_MAPS,
    )
    .option('-m, --method <name>', `CAM method (${methodNames().join(', ')})`, camMethod, 'gradcam')
    .option('--compare <methods>', COMPARE_HELP, methodList)
    .option('--counterfactual', 'show what speaks against the class (negated gradients)', false)
    .option('--guided', 'also write guided backpropagation and Guided Grad-CAM', false)
    .option(
      '--verify',
      "check each map's gradient against finite differences; an image whose check fails is a failure (see gradcam check)",
      false,
    )
    .addOption(
      new Option(
        '--preset <name>',
        'pixel normalisation the model was trained with (default unit; tf without --model)',
      ).choices(Object.keys(PRESETS)),
    )
    .addOption(maxSideOption())
    .addOption(new Option('--execution <where>', EXECUTION_HELP).choices(EXECUTION_CHOICES).default('auto'))
    .option('-o, --out <dir>', 'output folder', 'gradcam-out')
    .option(
      '-f, --format <formats>',
      `outputs, repeatable or comma list: ${OUTPUT_FORMATS.join(', ')} (default png,json,html)`,
      listOf(OUTPUT_FORMATS),
    )
    .addOption(
      new Option('--colormap <name>', 'colormap of the overlays').choices(COLORMAP_NAMES).default('jet'),
    )
    .addHelpText('after', HELP);
  return addPreprocessingOptions(command)
    .addHelpText('after', PREPROCESSING_HELP)
    .action(async (options: ExplainOptions, command: Command) => {
      const { model, image } = options;
      const formats = [...new Set(options.format ?? DEFAULT_FORMATS)];
      const layers = options.layer ?? [];
      const global = globalOptions(command);
      if (model) {
        if (!image) throw new GradcamError(NO_IMAGE);
        const choice = classChoice(options, 1);
        const preprocessing = preprocessingOf(options);
        const custom = options.mean !== undefined || options.std !== undefined;
        const note = presetNote(model, options.preset ?? (custom ? 'custom' : undefined));
        if (note) process.stderr.write(`${note}\n`);
        const preset = options.preset ?? 'unit';
        const annotations = await classAnnotations(model, options.labels);
        await runExplain(
          { ...options, model, image, preset, preprocessing, choice, formats, layers, annotations },
          global,
        );
        return;
      }
      if (options.labels) throw new GradcamError(LABELS_WITHOUT_MODEL);
      if (options.output) throw new GradcamError(OUTPUT_WITHOUT_MODEL);
      if (Object.keys(preprocessingOf(options)).length > 0)
        throw new GradcamError(PREPROCESSING_WITHOUT_MODEL);
      const preset = options.preset ?? REFERENCE_PRESET;
      if (preset !== REFERENCE_PRESET)
        process.stderr.write(
          `gradcam: warning: the ShapeWorld classifier was trained with --preset ${REFERENCE_PRESET}; ${preset} changes what it sees\n`,
        );
      // Every shape: each present one is graded against its objects, an absent one shows what the model would take for it.
      const choice = classChoice(options, CLASSIFIER_CLASSES.length);
      const request = { ...options, preset, choice, formats, layers };
      await runExplain(
        await referenceExplainRequest(request, { image, seed: options.seed, scenes: options.scenes }),
        global,
      );
    });
}

const PREPROCESSING_WITHOUT_MODEL =
  '--channels, --size, --mean, --std and --channel-order describe your --model; the bundled ShapeWorld classifier takes 64x64 RGB images with --preset tf';

/** The preprocessing options given, and only those. */
function preprocessingOf(options: ExplainOptions): PreprocessingOptions {
  const { channels, size, mean, std, channelOrder } = options;
  const given = { channels, size, mean, std, channelOrder };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
}

const NO_IMAGE =
  "--image is needed with --model: name image files, folders or quoted globs (only the bundled classifier's generated scenes need none)";

function classChoice(options: ExplainOptions, top: number): ClassChoice {
  return options.class === undefined
    ? { kind: 'top', k: options.top ?? top }
    : { kind: 'class', index: options.class };
}
