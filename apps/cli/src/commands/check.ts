import { DEFAULT_VERIFY } from '@gradcam/core';
import { PRESETS, type PresetName } from '@gradcam/render';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { runCheck } from '../check/run-check';
import { globalOptions } from '../global-options';
import { CLASSIFIER_MODEL_HELP, IMAGE_FORMATS_HELP } from '../model/accepted-inputs';
import { OUTPUT_HELP } from '../model/output-option';
import { addInputShapeOptions, type PreprocessingOptions } from '../model/preprocessing';
import { integerIn, listOf } from '../option-parsers';

interface CheckOptions extends PreprocessingOptions {
  model: string;
  layer?: string[];
  output?: string;
  image?: string;
  seed: number;
  preset: PresetName;
  class?: number;
  directions: number;
  topChannels: number;
  threshold: number;
  json: boolean;
}

const HELP = `
For each layer, the model is cut there and the gradient of the class score with respect to the
layer's activations (what Grad-CAM weighs the channels with) is compared with central finite
differences of the score: along seeded random unit directions and along the channels with the
largest weights, at two step sizes, each pair of steps combined by Richardson extrapolation
(float64 arithmetic on float32 evaluations). A layer passes when the largest relative error is at
most --threshold (0.05; correct models measure up to 0.013, halved gradients 0.34 and more: see
docs/verify.md). Cost per layer: one explanation plus 2 + 8 x (directions + top channels)
evaluations of the model's head (50 by default) on one sample. The sample is seeded
noise at the model's input size, or --image. Exit code 1 when any layer fails.`;

/** `gradcam check`: is the gradient under the maps right, layer by layer, on this backend. */
export function registerCheckCommand(program: Command): Command {
  const command = program
    .command('check')
    .description(
      "check a model's gradients against finite differences at every explainable layer, on the chosen backend",
    )
    .requiredOption('--model <path>', CLASSIFIER_MODEL_HELP)
    .option(
      '-l, --layer <names>',
      'only these layers, repeatable or comma list (default: every explainable one)',
      listOf(),
    )
    .option('--output <name>', OUTPUT_HELP)
    .option(
      '-i, --image <path>',
      `check on this image (${IMAGE_FORMATS_HELP}; default: seeded noise at the input size)`,
    )
    .option('--seed <n>', 'seed of the noise input and of the random directions', integerIn(0, 2 ** 31), 1)
    .addOption(
      new Option('--preset <name>', 'pixel normalisation the model was trained with')
        .choices(Object.keys(PRESETS))
        .default('unit'),
    )
    .option('--class <n>', 'score this class (default: the top class on the sample)', integerIn(0, 1e9))
    .option('--directions <n>', 'random directions per layer', integerIn(0, 100), DEFAULT_VERIFY.directions)
    .option(
      '--top-channels <n>',
      'directions along the channels with the largest weights',
      integerIn(0, 100),
      DEFAULT_VERIFY.topChannels,
    )
    .option('--threshold <x>', 'largest relative error that passes', relativeError, DEFAULT_VERIFY.threshold)
    .option('--json', 'print the report as JSON', false)
    .addHelpText('after', HELP);
  return addInputShapeOptions(command).action(async (options: CheckOptions, command: Command) => {
    const choice =
      options.class === undefined
        ? { kind: 'top' as const, k: 1 }
        : { kind: 'class' as const, index: options.class };
    const shape = { channels: options.channels, size: options.size };
    await runCheck({ ...options, shape, layers: options.layer ?? [], choice }, globalOptions(command));
  });
}

function relativeError(value: string): number {
  const x = Number(value);
  if (!(x > 0 && x < 1)) throw new InvalidArgumentError('Expected a relative error between 0 and 1.');
  return x;
}
