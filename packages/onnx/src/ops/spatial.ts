import type * as tf from '@tensorflow/tfjs-core';
import type { OpContext } from './types';
import { opError } from './util';

/** Per spatial axis: the window, its step and spacing, and the padding before and after. */
export interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** `[begin, end]` per spatial axis. */
  pads: [number, number][];
  /** The padding the node declares, without the extra end padding of ceil_mode. */
  declared: [number, number][];
  /** Output size per spatial axis. */
  out: number[];
}

/**
 * The window of a convolution or pooling node over `spatial` input sizes, with ONNX's padding
 * rules: explicit `pads` (`[x1_begin, x2_begin, ..., x1_end, x2_end, ...]`), or `auto_pad`
 * SAME_UPPER / SAME_LOWER (the extra pixel at the end / at the start) / VALID; and, for pooling,
 * `ceil_mode`, whose extra windows are added here as end padding so that callers pool "valid".
 */
export function spatialWindow(
  ctx: OpContext,
  spatial: number[],
  kernel: number[],
  { ceilMode = false }: { ceilMode?: boolean } = {},
): Window {
  const n = spatial.length;
  const strides = ctx.attrs.ints('strides', new Array(n).fill(1));
  const dilations = ctx.attrs.ints('dilations', new Array(n).fill(1));
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (kernel.length !== n || strides.length !== n || dilations.length !== n) {
    throw opError(ctx, `kernel, strides and dilations must have ${n} values for a ${n}-D input`);
  }
  const pads: [number, number][] = [];
  const declared: [number, number][] = [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const size = spatial[i];
    const extent = (kernel[i] - 1) * dilations[i] + 1;
    let begin: number;
    let end: number;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const target = Math.ceil(size / strides[i]);
      const total = Math.max(0, (target - 1) * strides[i] + extent - size);
      const small = Math.floor(total / 2);
      begin = autoPad === 'SAME_UPPER' ? small : total - small;
      end = total - begin;
    } else if (autoPad === 'VALID') {
      begin = 0;
      end = 0;
    } else if (autoPad === 'NOTSET') {
      const p = ctx.attrs.ints('pads', new Array(2 * n).fill(0));
      if (p.length !== 2 * n) throw opError(ctx, `pads must have ${2 * n} values, got ${p.length}`);
      begin = p[i];
      end = p[i + n];
    } else {
      throw opError(ctx, `unknown auto_pad '${autoPad}'`);
    }
    const span = size + begin + end - extent;
    if (span < 0)
      throw opError(ctx, `the window (${extent}) is larger than the padded input (${size + begin + end})`);
    let o = (ceilMode ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
    // A window that would start in the end padding is dropped (ONNX and PyTorch agree).
    if (ceilMode && (o - 1) * strides[i] >= size + begin) o--;
    declared.push([begin, end]);
    end += Math.max(0, (o - 1) * strides[i] + extent - (size + begin + end));
    pads.push([begin, end]);
    out.push(o);
  }
  return { kernel, strides, dilations, pads, declared, out };
}

/** TF.js explicit padding for an NHWC tensor. */
export function explicitPadding(pads: [number, number][]): tf.backend_util.ExplicitPadding {
  return [[0, 0], pads[0], pads[1], [0, 0]];
}

export function isZeroPadding(pads: [number, number][]): boolean {
  return pads.every(([b, e]) => b === 0 && e === 0);
}

/** The kernel size from the attribute, or from the weight's trailing dimensions. */
export function kernelShape(ctx: OpContext, fallback?: number[]): number[] {
  const k = ctx.attrs.ints('kernel_shape') ?? fallback;
  if (!k) throw opError(ctx, 'kernel_shape is required');
  return k;
}
