import {
  add,
  type GradConfig,
  MirrorPad,
  type MirrorPadAttrs,
  pad,
  reverse,
  slice,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { gradientFix } from './gradient-fix';

/**
 * Folds the gradient of one padded axis back onto the input: the centre, plus each mirrored
 * border reversed onto the cells it copied (from the second cell for 'reflect', the first for
 * 'symmetric').
 */
function foldAxis(
  g: Tensor,
  axis: number,
  size: number,
  before: number,
  after: number,
  offset: number,
): Tensor {
  const part = (start: number, length: number) => {
    const begin = g.shape.map((_, i) => (i === axis ? start : 0));
    const extent = g.shape.map((d, i) => (i === axis ? length : d));
    return slice(g, begin, extent);
  };
  const place = (t: Tensor, at: number) =>
    pad(
      reverse(t, axis),
      g.shape.map((_, i): [number, number] => (i === axis ? [at, size - at - t.shape[axis]] : [0, 0])),
    );
  let folded = part(before, size);
  if (before > 0) folded = add(folded, place(part(0, before), offset));
  if (after > 0) folded = add(folded, place(part(before + size, after), size - offset - after));
  return folded;
}

const mirrorPadGradConfig: GradConfig = {
  kernelName: MirrorPad,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { paddings, mode } = attrs as unknown as MirrorPadAttrs;
    const offset = mode === 'reflect' ? 1 : 0;
    return {
      x: () =>
        paddings.reduce(
          (g, [before, after], axis) => foldAxis(g, axis, x.shape[axis], before, after, offset),
          dy as Tensor,
        ),
    };
  },
};

export const mirrorPadGradientFix = gradientFix(
  'MirrorPad gradient, mirrored borders',
  mirrorPadGradConfig,
  'the stock gradient keeps only the centre of dy and drops what the mirrored borders sent back to the cells they copy: a reflect pad of 1 on a length-3 vector gives [1, 1, 1] where the gradient of its sum is [1, 3, 1]',
);
