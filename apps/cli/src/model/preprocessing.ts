import { GradcamError } from '@gradcam/core';
import { type Normalization, PRESETS, type PresetName } from '@gradcam/render';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ImageInputSpec } from './input-spec';

/**
 * A model's own preprocessing, for models the presets do not cover: what they do not declare
 * (channels, size) and how their pixels are normalised (mean, std on [0,1], channel order).
 */
export interface PreprocessingOptions {
  channels?: 1 | 3;
  /** [height, width]. */
  size?: [number, number];
  mean?: number[];
  std?: number[];
  channelOrder?: 'RGB' | 'BGR';
}

export const PREPROCESSING_HELP = `
A model's own preprocessing, when the presets do not cover it (all optional):
  --channels 1|3         1 feeds the image's luma (grayscale models), 3 RGB; for models that do not
                         declare their input's channels (a declared count must match; a model that
                         declares 1, NHWC or NCHW, gets the luma without it)
  --size <n|HxW>         input height x width, for models that do not declare it (ONNX and
                         GraphModels need it then; a LayersModel takes each image at its own size)
  --mean <v|r,g,b>       subtracted from pixels scaled to [0,1]; with --std, replaces --preset:
  --std <v|r,g,b>        x = (pixel / 255 - mean) / std (one value per model channel, or one for all)
  --channel-order rgb|bgr  channel order the model takes (default: the preset's)
  e.g. a 48x48 grayscale model trained on (x - 0.5) / 0.5:  --channels 1 --size 48 --mean 0.5 --std 0.5`;

/** --channels and --size: what a model that leaves its input open takes (every command that opens one). */
export function addInputShapeOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--channels <n>', 'image channels the model takes, when it does not say (1: luma)')
        .choices(['1', '3'])
        .argParser((v) => Number(v) as 1 | 3),
    )
    .addOption(new Option('--size <n|HxW>', 'input size, when the model does not say').argParser(inputSize));
}

/** The options, added to a command that feeds a user's model (gradcam explain). */
export function addPreprocessingOptions(command: Command): Command {
  return addInputShapeOptions(command)
    .addOption(
      new Option('--mean <values>', 'per-channel mean on [0,1] pixels (replaces --preset)')
        .argParser(channelValues)
        .conflicts('preset'),
    )
    .addOption(
      new Option('--std <values>', 'per-channel std on [0,1] pixels (replaces --preset)')
        .argParser(stdValues)
        .conflicts('preset'),
    )
    .addOption(
      new Option('--channel-order <order>', 'channel order the model takes')
        .choices(['rgb', 'bgr'])
        .argParser((v) => v.toUpperCase() as 'RGB' | 'BGR'),
    );
}

/** `224` or `224x192` (height x width). */
export function inputSize(value: string): [number, number] {
  const match = /^\s*(\d+)\s*(?:[xX]\s*(\d+)\s*)?$/.exec(value);
  const [h, w] = match ? [Number(match[1]), Number(match[2] ?? match[1])] : [0, 0];
  if (!(h >= 1 && w >= 1 && h <= 8192 && w <= 8192)) {
    throw new InvalidArgumentError('Expected a size like 224 or 224x192 (height x width), from 1 to 8192.');
  }
  return [h, w];
}

/** `0.5` or `0.485,0.456,0.406`. */
export function channelValues(value: string): number[] {
  const values = value.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
  if ((values.length !== 1 && values.length !== 3) || !values.every(Number.isFinite)) {
    throw new InvalidArgumentError('Expected one number, or three separated by commas (r,g,b).');
  }
  return values;
}

export function stdValues(value: string): number[] {
  const values = channelValues(value);
  if (values.some((v) => v <= 0)) throw new InvalidArgumentError('Expected standard deviations above 0.');
  return values;
}

/**
 * The normalisation fed to the model: the preset's, or (pixel / 255 - mean) / std when --mean or
 * --std is given (the other one defaulting to 0 or 1); --channel-order overrides the order.
 */
export function normalizationOf(preset: PresetName, options: PreprocessingOptions): Normalization {
  const custom = options.mean !== undefined || options.std !== undefined;
  const base: Normalization = custom
    ? { scale: 1 / 255, mean: triple(options.mean ?? [0]), std: triple(options.std ?? [1]) }
    : PRESETS[preset];
  return { ...base, channelOrder: options.channelOrder ?? base.channelOrder ?? 'RGB' };
}

const triple = (v: number[]): [number, number, number] =>
  v.length === 1 ? [v[0], v[0], v[0]] : [v[0], v[1], v[2]];

/** How the pixels are normalised, for the run's description and JSON. */
export function describeNormalization(preset: PresetName, options: PreprocessingOptions): string {
  const parts: string[] = [];
  if (options.mean !== undefined || options.std !== undefined) {
    parts.push(
      `(pixel/255 - mean ${(options.mean ?? [0]).join(',')}) / std ${(options.std ?? [1]).join(',')}`,
    );
  } else parts.push(preset);
  if (options.channelOrder) parts.push(options.channelOrder);
  return parts.join(', ');
}

/**
 * The model's declared input with what the options add: channels and size where the model leaves
 * them open. A value that contradicts the model's own declaration is refused, not obeyed: the
 * model would fail or see the wrong picture.
 */
export function withPreprocessing(
  spec: ImageInputSpec,
  declared: readonly (number | null)[] | undefined,
  options: PreprocessingOptions,
): ImageInputSpec {
  const known = (d: number | null | undefined) => typeof d === 'number' && d >= 0;
  const [, height, width, channels] = declared ?? [];
  const out = { ...spec };
  if (options.channels !== undefined) {
    if (known(channels) && channels !== options.channels) {
      throw new GradcamError(
        `--channels ${options.channels}: the model's input '${spec.name}' declares ${channels} channels; leave --channels out`,
      );
    }
    out.channels = options.channels;
  }
  if (options.size) {
    const [h, w] = options.size;
    if ((known(height) && height !== h) || (known(width) && width !== w)) {
      throw new GradcamError(
        `--size ${h}x${w}: the model's input '${spec.name}' declares ${height ?? '?'}x${width ?? '?'} (height x width); leave --size out`,
      );
    }
    [out.height, out.width] = [h, w];
  }
  const values = [options.mean, options.std].filter((v) => v !== undefined);
  if (out.channels === 1 && values.some((v) => v.length === 3)) {
    throw new GradcamError(
      `--mean/--std: the model takes 1-channel (grayscale) images; give one value, not three`,
    );
  }
  return out;
}
