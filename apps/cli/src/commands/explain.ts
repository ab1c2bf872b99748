import { methodNames } from '@gradcam/core';
import { COLORMAP_NAMES, PRESETS, type PresetName } from '@gradcam/render';
import { type Command, Option } from 'commander';
import type { ClassChoice } from '../explain/class-choice';
import { runExplain } from '../explain/run-explain';
import { OUTPUT_FORMATS, type OutputFormat } from '../explain/settings';
import { globalOptions } from '../global-options';
import { camMethod, integerIn, listOf, methodList } from '../option-parsers';
import { COMPARE_HELP } from '../report/compare';

interface ExplainOptions {
  model: string;
  image: string[];
  layer?: string[];
  class?: number;
  top?: number;
  method: string;
  compare?: string[];
  counterfactual: boolean;
  guided: boolean;
  preset: PresetName;
  out: string;
  format?: OutputFormat[];
  colormap: string;
}

const DEFAULT_FORMATS: OutputFormat[] = ['png', 'json', 'html'];

const HELP = `
Preprocessing: images are resized (bilinear) to the model's input size and normalised by --preset:
  unit [0,1] (default), tf [-1,1], imagenet ([0,1] - mean) / std, caffe BGR 0..255 - mean. Input is NHWC.
Maps are upsampled to each image's own size. Per image, in --out:
  <name>-<class>.png|.jpg   overlay          <name>-<class>.npy  the map, float32 [h, w] in [0,1]
  <name>.json               scores, layer, method, backend, timing
  <name>.html               one self-contained page: the classes with their maps (opens from disk)
  with --guided: <name>-<class>-guided.png and -guided-gradcam.png (at the model's input size)
  with --counterfactual the files hold the counterfactual maps; the page shows them beside the plain ones
and summary.json over all images. A failing image is reported and the others still run (exit 1).`;

/** `gradcam explain`: Grad-CAM maps of a TF.js model's classes on image files. */
export function registerExplainCommand(program: Command): Command {
  return program
    .command('explain')
    .description('explain what a TF.js image classifier looks at, for each image given')
    .requiredOption('--model <path>', 'TF.js model: a folder with model.json, or the model.json file')
    .requiredOption(
      '-i, --image <paths...>',
      'image files, folders of images, or quoted globs ("imgs/*.jpg")',
    )
    .option('-l, --layer <names>', 'layer(s) to explain, repeatable or comma list: maps averaged', listOf())
    .addOption(new Option('--class <n>', 'explain this class index').argParser(integerIn(0, 1e9)))
    .addOption(
      new Option('--top <k>', 'explain the k best classes (default 1)')
        .argParser(integerIn(1, 1000))
        .conflicts('class'),
    )
    .option('-m, --method <name>', `CAM method (${methodNames().join(', ')})`, camMethod, 'gradcam')
    .option('--compare <methods>', COMPARE_HELP, methodList)
    .option('--counterfactual', 'show what speaks against the class (negated gradients)', false)
    .option('--guided', 'also write guided backpropagation and Guided Grad-CAM', false)
    .addOption(
      new Option('--preset <name>', 'pixel normalisation the model was trained with')
        .choices(Object.keys(PRESETS))
        .default('unit'),
    )
    .option('-o, --out <dir>', 'output folder', 'gradcam-out')
    .option(
      '-f, --format <formats>',
      `outputs, repeatable or comma list: ${OUTPUT_FORMATS.join(', ')} (default png,json,html)`,
      listOf(OUTPUT_FORMATS),
    )
    .addOption(
      new Option('--colormap <name>', 'colormap of the overlays').choices(COLORMAP_NAMES).default('jet'),
    )
    .addHelpText('after', HELP)
    .action(async (options: ExplainOptions, command: Command) => {
      const choice: ClassChoice =
        options.class === undefined
          ? { kind: 'top', k: options.top ?? 1 }
          : { kind: 'class', index: options.class };
      const formats = [...new Set(options.format ?? DEFAULT_FORMATS)];
      await runExplain({ ...options, choice, formats, layers: options.layer ?? [] }, globalOptions(command));
    });
}
