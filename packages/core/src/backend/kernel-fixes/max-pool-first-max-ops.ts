import {
  add,
  backend_util,
  cast,
  equal,
  getBackend,
  logicalAnd,
  logicalNot,
  logicalOr,
  MaxPool,
  type MaxPoolAttrs,
  mul,
  pad,
  reshape,
  slice,
  stridedSlice,
  type Tensor,
  type Tensor4D,
  zeros,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { wrappedGradientFix } from './gradient-fix';

/** `t` grown with `value` (or cut) along height and width to exactly [height, width]. */
function fitTo(t: Tensor4D, top: number, left: number, height: number, width: number, value = 0): Tensor4D {
  const [n, h, w, c] = t.shape;
  const grown = pad(
    t,
    [
      [0, 0],
      [top, Math.max(0, height - h - top)],
      [left, Math.max(0, width - w - left)],
      [0, 0],
    ],
    value,
  );
  return slice(grown, [0, 0, 0, 0], [n, height, width, c]);
}

/**
 * The max-pool gradient under TensorFlow's rule (the first maximum of each window in row-major
 * order; padding never wins) from ordinary ops, so on any backend: each window offset in turn
 * claims the outputs whose maximum it holds and that no earlier offset claimed, and sends their dy
 * back to the cells at that offset.
 */
export function firstMaxPoolGradient(dy: Tensor4D, x: Tensor4D, y: Tensor4D, attrs: MaxPoolAttrs): Tensor4D {
  const info = backend_util.computePool2DInfo(
    x.shape,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const {
    batchSize: n,
    inChannels: c,
    outHeight: oh,
    outWidth: ow,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const { filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const height = (oh - 1) * sh + fh;
  const width = (ow - 1) * sw + fw;
  const padded = fitTo(x, top, left, height, width, Number.NEGATIVE_INFINITY);
  let claimed = cast(zerosLike(y), 'bool');
  let dxPadded: Tensor = zeros([n, height, width, c]);
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const end = [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c];
      const candidate = stridedSlice(padded, [0, i, j, 0], end, [1, sh, sw, 1]);
      const wins = logicalAnd(equal(candidate, y), logicalNot(claimed));
      claimed = logicalOr(claimed, wins);
      const sent = mul(dy, cast(wins, 'float32'));
      // One cell per window on a grid of stride (sh, sw), then moved to offset (i, j). Every op
      // stays at rank <= 4: WebGL's Pad shader does not compile above.
      const rows = reshape(
        pad(reshape(sent, [n * oh, 1, ow * c]), [
          [0, 0],
          [0, sh - 1],
          [0, 0],
        ]),
        [n * oh * sh * ow, 1, c],
      );
      const grid = reshape(
        pad(rows, [
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ]),
        [n, oh * sh, ow * sw, c],
      ) as Tensor4D;
      dxPadded = add(dxPadded, fitTo(grid, i, j, height, width));
    }
  }
  const inside = slice(dxPadded, [0, top, left, 0], [n, height - top, width - left, c]) as Tensor4D;
  // Rows and columns no window reaches (a 'valid' pool's remainder) get zero.
  return fitTo(inside, 0, 0, x.shape[1], x.shape[2]);
}

export const webglMaxPoolFirstMaxFix = wrappedGradientFix(
  'MaxPool gradient on WebGL, first maximum',
  MaxPool,
  "the WebGL MaxPoolGrad shader keeps a window's maximum with >=, so ties (all-zero windows after a ReLU) send the gradient to the last maximum; TensorFlow and CPU pick the first. On WebGL the gradient is computed from ordinary ops instead",
  (stock) => (dy, saved, attrs) => {
    if (getBackend() !== 'webgl') return stock.gradFunc(dy, saved, attrs);
    const [x, y] = saved as [Tensor4D, Tensor4D];
    return { x: () => firstMaxPoolGradient(dy as Tensor4D, x, y, attrs as unknown as MaxPoolAttrs) };
  },
  // The stock gradient saves the input and the output, which the first-max rule needs.
  (stock) => stock.inputsToSave?.join() === 'x' && stock.outputsToSave?.[0] === true,
);
