import { GradcamError } from '@gradcam/core';
import type { OpContext } from './types';

/** An error that names the node and its op, so that a user can find it in the model. */
export function opError(ctx: OpContext, message: string): GradcamError {
  return new GradcamError(`node '${ctx.node.name}' (${ctx.node.opType}): ${message}`);
}

/** ONNX axes may be negative (counted from the end). */
export function normalizeAxis(ctx: OpContext, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw opError(ctx, `axis ${axis} is out of range for rank ${rank}`);
  return a;
}

export function normalizeAxes(ctx: OpContext, axes: number[], rank: number): number[] {
  return axes.map((a) => normalizeAxis(ctx, a, rank));
}

/** Axes from the attribute (older opsets) or from input `index` (newer ones), if either is given. */
export function axesFrom(ctx: OpContext, index: number): number[] | undefined {
  if (ctx.has(index)) return ctx.ints(index);
  return ctx.attrs.ints('axes');
}

export function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** Numpy-style broadcast of two shapes, as ONNX's multidirectional broadcasting defines it. */
export function broadcastShapes(ctx: OpContext, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw opError(ctx, `shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}
