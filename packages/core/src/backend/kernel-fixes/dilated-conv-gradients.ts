import {
  Conv2D,
  type Conv2DAttrs,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  engine,
  type GradConfig,
  type GradFunc,
  type NamedAttrMap,
  pad,
  reshape,
  slice,
  stridedSlice,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { wrappedGradientFix } from './gradient-fix';

type Pair = [number, number];
const pair = (v: number | Pair): Pair => (typeof v === 'number' ? [v, v] : v);

/**
 * `t` [outer, length, inner] with d - 1 zero rows after each of its `length` rows, cut to
 * (length - 1) * d + 1 rows. Kept at rank 3: WebGL's Pad shader does not compile above rank 4.
 */
function spread(t: Tensor, outer: number, length: number, inner: number, d: number): Tensor {
  const spaced = pad(reshape(t, [outer * length, 1, inner]), [
    [0, 0],
    [0, d - 1],
    [0, 0],
  ]);
  return slice(reshape(spaced, [outer, length * d, inner]), [0, 0, 0], [outer, (length - 1) * d + 1, inner]);
}

/** The filter with d - 1 zeros between taps along its two spatial axes: dilation made explicit. */
function dilateFilter(filter: Tensor, [dh, dw]: Pair): Tensor {
  const [kh, kw, ci, co] = filter.shape;
  const tall = spread(filter, 1, kh, kw * ci * co, dh);
  const h = (kh - 1) * dh + 1;
  const wide = spread(tall, h, kw, ci * co, dw);
  return reshape(wide, [h, (kw - 1) * dw + 1, ci, co]);
}

/** Every d-th tap of a gradient taken with respect to the dilated filter. */
const undilate = (grad: Tensor, [dh, dw]: Pair) =>
  stridedSlice(grad, [0, 0, 0, 0], grad.shape, [dh, dw, 1, 1]);

/**
 * A dilated convolution equals the undilated one with the dilated filter, whose input and filter
 * gradients the backprop kernels already compute; the filter's is read back at the real taps.
 */
export function dilatedConvGradients(
  x: Tensor,
  filter: Tensor,
  dy: Tensor,
  attrs: Conv2DAttrs,
  kernels: { input: string; filter: string } = { input: Conv2DBackpropInput, filter: Conv2DBackpropFilter },
) {
  const d = pair(attrs.dilations ?? 1);
  const { strides, pad: padding, dimRoundingMode } = attrs;
  const common = { strides, pad: padding, dimRoundingMode, dataFormat: 'NHWC', dilations: 1 } as NamedAttrMap;
  return {
    x: () => {
      const wide = dilateFilter(filter, d);
      return engine().runKernel(
        kernels.input,
        { dy, filter: wide },
        { ...common, inputShape: x.shape },
      ) as Tensor;
    },
    filter: () => {
      const wideShape = dilateFilter(filter, d).shape;
      const wide = engine().runKernel(
        kernels.filter,
        { x, dy },
        { ...common, filterShape: wideShape },
      ) as Tensor;
      return undilate(wide, d);
    },
  };
}

function dilatedGradient(backpropInput: string, backpropFilter: string, stock: GradConfig): GradFunc {
  return (dy, saved, attrs) => {
    const a = attrs as unknown as Conv2DAttrs;
    const d = pair(a.dilations ?? 1);
    if (d[0] === 1 && d[1] === 1) return stock.gradFunc(dy, saved, attrs);
    const [x, filter] = saved;
    return dilatedConvGradients(x, filter, dy as Tensor, a, { input: backpropInput, filter: backpropFilter });
  };
}

const savesXAndFilter = (stock: GradConfig) => stock.inputsToSave?.join() === 'x,filter';

export const conv2dDilationFix = wrappedGradientFix(
  'Conv2D gradient, dilation > 1',
  Conv2D,
  'the stock Conv2D gradient throws "dilation rates greater than 1 are not yet supported in gradients" (DeepLab and other dilated Keras or ONNX convolutions)',
  (stock) => dilatedGradient(Conv2DBackpropInput, Conv2DBackpropFilter, stock),
  savesXAndFilter,
);

export const depthwiseDilationFix = wrappedGradientFix(
  'DepthwiseConv2dNative gradient, dilation > 1',
  DepthwiseConv2dNative,
  'the stock DepthwiseConv2dNative gradient throws "dilation rates greater than 1 are not yet supported" (dilated depthwise convolutions, e.g. DeepLabV3 on MobileNet)',
  (stock) => dilatedGradient(DepthwiseConv2dNativeBackpropInput, DepthwiseConv2dNativeBackpropFilter, stock),
  savesXAndFilter,
);
