import {
  backend_util,
  cast,
  div,
  equal,
  type GradConfig,
  Max,
  Min,
  mul,
  reshape,
  sum,
  type Tensor,
  util,
} from '@tensorflow/tfjs-core';
import { gradientFix } from './gradient-fix';

/**
 * TensorFlow's convention for reduce_max and reduce_min: dy is shared equally among the elements
 * that tie for the extreme. (All-zero ReLU channels under a global max pool tie everywhere.)
 */
function sharedAmongTies(kernelName: string, axisAttr: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, y] = saved;
      const axes = util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape);
      // With keepDims the output already has the reduced axes, as size 1.
      const kept = y.rank === x.rank ? y.shape : backend_util.expandShapeToKeepDim(y.shape, axes);
      return {
        x: () => {
          const ties = cast(equal(x, reshape(y, kept)), 'float32');
          const count = sum(ties, axes, true);
          return mul(reshape(dy as Tensor, kept), div(ties, count));
        },
      };
    },
  };
}

export const maxTiesFix = gradientFix(
  'Max gradient, ties shared',
  sharedAmongTies(Max, 'reductionIndices'),
  "the stock gradient gives every element tied for the maximum the whole of dy (TensorFlow shares it): a global max over a channel of zeros after a ReLU multiplies that channel's gradient by its size",
);

export const minTiesFix = gradientFix(
  'Min gradient, ties shared',
  sharedAmongTies(Min, 'axis'),
  'the stock gradient gives every element tied for the minimum the whole of dy (TensorFlow shares it)',
);
