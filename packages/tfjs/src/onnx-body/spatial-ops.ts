import type { BodyGraph, Constant, Value } from './body-graph';
import type { AttributeValue } from './onnx-graph-builder';
import { unsupported } from './unsupported';

export type Pair = [number, number];

/** TF's paddings: 'same' (the extra row/column at the end), 'valid', or explicit [[top, bottom], [left, right]]. */
export type Padding = 'same' | 'valid' | [Pair, Pair];

/** Known height and width of the input (null when the model leaves them open). */
export type Extent = [number | null, number | null];

/**
 * ONNX `pads` ([top, left, bottom, right]) for a window, or `auto_pad` when 'same' meets an
 * unknown size: SAME_UPPER is TF's rule (the odd pixel at the end) with the dilated window.
 */
function windowPads(
  padding: Padding,
  extent: Extent,
  kernel: Pair,
  strides: Pair,
  dilations: Pair,
): Record<string, AttributeValue> {
  if (padding === 'valid') return { pads: [0, 0, 0, 0] };
  if (padding !== 'same') return { pads: [padding[0][0], padding[1][0], padding[0][1], padding[1][1]] };
  if (extent[0] === null || extent[1] === null) return { auto_pad: 'SAME_UPPER' };
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < 2; i++) {
    const size = extent[i] as number;
    const span = (kernel[i] - 1) * dilations[i] + 1;
    const total = Math.max((Math.ceil(size / strides[i]) - 1) * strides[i] + span - size, 0);
    before.push(Math.floor(total / 2));
    after.push(total - Math.floor(total / 2));
  }
  return { pads: [...before, ...after] };
}

export interface ConvSpec {
  /** TF.js layout: [kh, kw, in, out] for a convolution, [kh, kw, in, multiplier] for a depthwise one. */
  kernel: Constant;
  bias?: Float32Array;
  strides: Pair;
  dilations: Pair;
  padding: Padding;
  extent: Extent;
  depthwise: boolean;
}

/** A (depthwise) convolution as ONNX Conv: OIHW weights, a depthwise one as `group` = input channels. */
export function conv(g: BodyGraph, x: Value, spec: ConvSpec): Value {
  if (x.rank !== 4) unsupported(`a convolution of a rank-${x.rank} tensor`);
  const [kh, kw, ci, co] = spec.kernel.shape;
  const k = spec.kernel.data;
  const outChannels = spec.depthwise ? ci * co : co;
  const perGroup = spec.depthwise ? 1 : ci;
  const w = new Float32Array(k.length);
  for (let y = 0; y < kh; y++)
    for (let xx = 0; xx < kw; xx++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) {
          const from = ((y * kw + xx) * ci + i) * co + o;
          // Depthwise output channel i*multiplier + o reads input channel i only.
          const [out, inner] = spec.depthwise ? [i * co + o, 0] : [o, i];
          w[((out * perGroup + inner) * kh + y) * kw + xx] = k[from];
        }
  const inputs = [x.name, g.b.floats([outChannels, perGroup, kh, kw], w, 'kernel')];
  if (spec.bias) inputs.push(g.b.floats([outChannels], spec.bias, 'bias'));
  const name = g.b.node('Conv', inputs, {
    kernel_shape: [kh, kw],
    strides: spec.strides,
    dilations: spec.dilations,
    group: spec.depthwise ? ci : 1,
    ...windowPads(spec.padding, spec.extent, [kh, kw], spec.strides, spec.dilations),
  });
  return { name, rank: 4 };
}

export interface PoolSpec {
  kind: 'max' | 'avg';
  size: Pair;
  strides: Pair;
  padding: Padding;
  extent: Extent;
}

/** TF's average pool leaves padding out of the count (count_include_pad 0, ONNX's default). */
export function pool(g: BodyGraph, x: Value, spec: PoolSpec): Value {
  if (x.rank !== 4) unsupported(`a pooling of a rank-${x.rank} tensor`);
  const name = g.b.node(spec.kind === 'max' ? 'MaxPool' : 'AveragePool', [x.name], {
    kernel_shape: spec.size,
    strides: spec.strides,
    ...windowPads(spec.padding, spec.extent, spec.size, spec.strides, [1, 1]),
  });
  return { name, rank: 4 };
}

/** TF.js `tf.pad` / `mirrorPad('reflect')`; `paddings` per TF.js axis. */
export function pad(
  g: BodyGraph,
  x: Value,
  paddings: Pair[],
  mode: 'constant' | 'reflect',
  value = 0,
): Value {
  if (paddings.length !== x.rank)
    unsupported(`a padding of ${paddings.length} axes on a rank-${x.rank} tensor`);
  const order = x.rank === 4 ? [0, 3, 1, 2] : paddings.map((_, i) => i);
  const pads = [...order.map((a) => paddings[a][0]), ...order.map((a) => paddings[a][1])];
  const inputs = [x.name, g.b.int64s(pads, 'pads')];
  if (mode === 'constant') inputs.push(g.b.floats([], Float32Array.of(value), 'pad_value'));
  return { name: g.b.node('Pad', inputs, { mode }), rank: x.rank };
}

export interface ResizeSpec {
  method: 'nearest' | 'bilinear';
  alignCorners: boolean;
  halfPixelCenters: boolean;
  size: Pair;
}

/**
 * TF.js's resizeNearestNeighbor / resizeBilinear coordinate rules as ONNX Resize modes: plain is
 * `asymmetric` (source = dst * in/out, nearest takes the floor), align_corners rounds half up,
 * half-pixel centres are `half_pixel` (for nearest, rounding (x + 0.5) / scale - 0.5 half up is TF's
 * floor((x + 0.5) / scale), without the deprecated `tf_half_pixel_for_nn`).
 */
export function resize(g: BodyGraph, x: Value, spec: ResizeSpec): Value {
  if (x.rank !== 4) unsupported(`a resize of a rank-${x.rank} tensor`);
  if (spec.alignCorners && spec.halfPixelCenters)
    unsupported('a resize with both align_corners and half_pixel_centers');
  const shape = g.b.node('Shape', [x.name]);
  const batchChannels = g.b.node('Slice', [shape, g.b.int64s([0], 'start'), g.b.int64s([2], 'end')]);
  const sizes = g.b.node('Concat', [batchChannels, g.b.int64s(spec.size, 'size')], { axis: 0 });
  const nearest = spec.method === 'nearest';
  const mode = spec.alignCorners ? 'align_corners' : spec.halfPixelCenters ? 'half_pixel' : 'asymmetric';
  const name = g.b.node('Resize', [x.name, '', '', sizes], {
    mode: nearest ? 'nearest' : 'linear',
    coordinate_transformation_mode: mode,
    ...(nearest
      ? { nearest_mode: spec.alignCorners || spec.halfPixelCenters ? 'round_prefer_ceil' : 'floor' }
      : {}),
  });
  return { name, rank: 4 };
}
