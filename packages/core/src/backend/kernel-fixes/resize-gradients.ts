import {
  eye,
  type GradConfig,
  image,
  matMul,
  ResizeBilinear,
  type ResizeBilinearAttrs,
  ResizeNearestNeighbor,
  reshape,
  type Tensor,
  type Tensor4D,
  transpose,
} from '@tensorflow/tfjs-core';
import { gradientFix } from './gradient-fix';

type Resize = (
  x: Tensor4D,
  size: [number, number],
  alignCorners: boolean,
  halfPixelCenters: boolean,
) => Tensor4D;

/**
 * The [in, out] matrix of one axis of a resize, read off the forward op itself (one-hot rows in,
 * one column each), so that the gradient follows the forward's own convention exactly.
 */
function axisMatrix(resize: Resize, inSize: number, outSize: number, attrs: ResizeBilinearAttrs): Tensor {
  const oneHot = reshape(eye(inSize), [inSize, inSize, 1, 1]) as Tensor4D;
  const resized = resize(oneHot, [outSize, 1], attrs.alignCorners, attrs.halfPixelCenters);
  return reshape(resized, [inSize, outSize]);
}

/**
 * Bilinear and nearest-neighbour resizes are separable linear maps, out = Rh x Rw^T per image
 * and channel, so dx = Rh^T dy Rw: two 2-D products.
 */
function separableResizeGradient(kernelName: string, resize: Resize): GradConfig {
  return {
    kernelName,
    inputsToSave: ['images'],
    gradFunc: (dy, saved, attrs) => {
      const [images] = saved;
      const a = attrs as unknown as ResizeBilinearAttrs;
      return {
        images: () => {
          const [n, h, w, c] = images.shape;
          const [, oh, ow] = (dy as Tensor).shape;
          const rows = axisMatrix(resize, h, oh, a); // [h, oh]
          const cols = axisMatrix(resize, w, ow, a); // [w, ow]
          const perImage = reshape(transpose(dy as Tensor, [0, 3, 1, 2]), [n * c * oh, ow]);
          const widthDone = reshape(matMul(perImage, cols, false, true), [n * c, oh, w]);
          const byRow = reshape(transpose(widthDone, [1, 0, 2]), [oh, n * c * w]);
          const both = reshape(matMul(rows, byRow), [h, n, c, w]);
          return transpose(both, [1, 0, 3, 2]);
        },
      };
    },
  };
}

export const resizeBilinearGradientFix = gradientFix(
  'ResizeBilinear gradient',
  separableResizeGradient(ResizeBilinear, image.resizeBilinear),
  "the CPU backend's ResizeBilinearGrad swaps height and width when they differ: resizing [2,4,5,3] to [7,9] throws \"The gradient of input 'images' has shape '2,5,4,3'\"",
);

export const resizeNearestNeighborGradientFix = gradientFix(
  'ResizeNearestNeighbor gradient',
  separableResizeGradient(ResizeNearestNeighbor, image.resizeNearestNeighbor),
  'ResizeNearestNeighborGrad ignores halfPixelCenters on CPU and WASM (resizing [1,2,3,4] to 7 with half-pixel centres: stock [3,7,11,7], true [3,3,9,13]), and the CPU one is also wrong without it when height and width differ',
);
