import { GradcamError } from '@gradcam/core';
import type { PreprocessingOptions } from './preprocessing';

type Dim = number | string | null | undefined;

/**
 * The shape a model is measured at (ONNX and GraphModels run once at load to measure their
 * tensors) when its one image input leaves channels or size open: the open dimensions from
 * --channels and --size, the declared ones as they are (a contradiction is refused afterwards,
 * against the declaration). Undefined when nothing but the batch is open, or when the input is
 * not one 4-D tensor (the input checks say why). `layout` is the model's: ONNX NCHW, TF.js NHWC.
 */
export function openInputShape(
  input: { name: string; shape?: readonly Dim[] },
  layout: 'NCHW' | 'NHWC',
  options: PreprocessingOptions = {},
): number[] | undefined {
  const { name, shape } = input;
  if (shape && shape.length !== 4) return undefined;
  const declared: readonly Dim[] = shape ?? [null, null, null, null];
  const open = (i: number) => !(typeof declared[i] === 'number' && (declared[i] as number) > 0);
  const [c, h, w] = layout === 'NCHW' ? [1, 2, 3] : [3, 1, 2];
  if (![c, h, w].some(open)) return undefined;
  const given: Dim[] = [];
  [given[c], given[h], given[w]] = [options.channels, options.size?.[0], options.size?.[1]];
  const missing = [
    open(c) && options.channels === undefined ? '--channels 1|3' : '',
    (open(h) || open(w)) && !options.size ? '--size <n|HxW>' : '',
  ].filter((m) => m !== '');
  if (missing.length > 0) {
    const what = declared.map((d, i) => (open(i) ? (typeof d === 'string' ? d : '?') : String(d)));
    throw new GradcamError(
      `the model's input '${name}' is [${what.join(', ')}] (${layout}) with open dimensions: give ${missing.join(' and ')} for the images it takes`,
    );
  }
  return declared.map((d, i) => (i === 0 ? 1 : open(i) ? (given[i] as number) : (d as number)));
}

/**
 * What a model with several inputs gets instead of the library's request for an input name: the
 * CLI feeds one image. Then the shape to measure it at, as `openInputShape`.
 */
export function measuredInputShape(
  inputs: readonly { name: string; shape?: readonly Dim[] }[],
  layout: 'NCHW' | 'NHWC',
  options: PreprocessingOptions = {},
): number[] | undefined {
  if (inputs.length !== 1) {
    throw new GradcamError(
      `the model takes ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); gradcam feeds it one image: give a model whose only input is the image`,
    );
  }
  // TF.js writes an open dimension as -1.
  const shape = inputs[0].shape?.map((d) => (d === -1 ? null : d));
  return openInputShape({ name: inputs[0].name, shape }, layout, options);
}
