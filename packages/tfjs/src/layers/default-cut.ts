import { GradcamError } from '@gradcam/core';
import { ancestors, isExplainable } from './cut';
import type { GraphView, TensorRef } from './graph-view';

export interface DefaultCut {
  ref: TensorRef;
  /** Why this layer, in a sentence for the user. */
  reason: string;
}

// Layers that only move or pool values: the reference explains the feature map they read.
const PASS_THROUGH =
  /Pool|Dropout|Padding|Cropping|Reshape|Permute|Flatten|UpSampling|SpatialDropout|GaussianNoise/;
// Elementwise activations that may follow a classifier convolution.
const ACTIVATION = /^(ReLU|Activation|Softmax|LeakyReLU|ELU|PReLU|ThresholdedReLU)$/;

const className = (r: TensorRef) => r.layer?.getClassName() ?? 'InputLayer';
const learns = (r: TensorRef) => (r.layer?.countParams() ?? 0) > 0;

/**
 * The last spatial feature map of the backbone, as the reference's examples choose it
 * (`features[-1]`, `layer4[-1]`): the last 4-D layer before the pooling or flattening that leads
 * to `output`, unless that is a class map (a convolution with one channel per class, followed only
 * by pooling, activations and softmax, as SqueezeNet ends), whose input is taken instead.
 */
export function defaultLayer(view: GraphView, output: TensorRef): DefaultCut {
  const before = ancestors(output);
  const last = [...view.ordered]
    .reverse()
    .find((r) => before.has(r.key) && isExplainable(r) && !PASS_THROUGH.test(className(r)));
  if (!last) {
    throw new GradcamError(
      'the model has no 4-D spatial layer to explain (Grad-CAM needs a convolutional feature map)',
    );
  }
  const next = view.ordered.find((r) => r.inputs.some((i) => i.key === last.key) && before.has(r.key));
  const lastReason = `the last spatial feature map${next ? ` before '${next.name}' (${className(next)})` : ''}, as the reference's examples choose (features[-1], layer4[-1])`;
  const classifier = classMapConvolution(last, output);
  if (!classifier) return { ref: last, reason: lastReason };
  let backbone = classifier.inputs[0];
  while (backbone && PASS_THROUGH.test(className(backbone)) && backbone.inputs.length === 1)
    backbone = backbone.inputs[0];
  if (!backbone || !isExplainable(backbone)) return { ref: last, reason: lastReason };
  const classes = output.shape[output.shape.length - 1];
  return {
    ref: backbone,
    reason:
      `the last spatial feature map of the backbone, read by '${classifier.name}' (${className(classifier)}, ` +
      `${classes} channels for ${classes} classes, then only pooling and activations): that is the classifier, not a feature map`,
  };
}

/**
 * The convolution that makes `last` a class map, if it is one: `last` has as many channels as the
 * output has classes, nothing learns between it and the output, and `last` is that convolution
 * (which changes the channel count) or an activation of it.
 */
function classMapConvolution(last: TensorRef, output: TensorRef): TensorRef | undefined {
  const classes = output.shape[output.shape.length - 1];
  if (last.shape[3] !== classes || output.shape.length !== 2) return undefined;
  for (let r = output; r.key !== last.key; r = r.inputs[0]) {
    if (r.inputs.length !== 1 || learns(r)) return undefined;
  }
  let conv = last;
  while (ACTIVATION.test(className(conv)) && conv.inputs.length === 1) conv = conv.inputs[0];
  // A classifier projects features onto classes; a conv that keeps the width is a feature map.
  const projects = conv.inputs[0]?.shape[3] !== classes;
  return /Conv2D$/.test(className(conv)) && learns(conv) && projects ? conv : undefined;
}
