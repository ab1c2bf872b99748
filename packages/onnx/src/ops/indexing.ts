import * as tf from '@tensorflow/tfjs-core';
import type { OpContext, OpTable } from './types';
import { normalizeAxis, opError, product } from './util';

/**
 * GatherElements, GatherND and ScatterND as one gather on the flattened tensor: the indices (small,
 * shape and mask arithmetic in exported transformers) are read once and turned into flat positions,
 * so every op is a tf.gather (or a where over gathered rows), whose gradients TF.js has.
 */

/** Row-major strides of a shape. */
function strides(shape: number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * shape[i + 1];
  return out;
}

/** An index along an axis of size `size`, negative counted from the end, checked. */
function checkedIndex(ctx: OpContext, index: number, size: number, what: string): number {
  const i = index < 0 ? index + size : index;
  if (i < 0 || i >= size) throw opError(ctx, `${what} ${index} is out of range for a dimension of ${size}`);
  return i;
}

/** GatherElements (opset 11+): out[p] = data[p with p[axis] replaced by indices[p]]. */
function gatherElements(ctx: OpContext): tf.Tensor {
  const data = ctx.input(0);
  const shape = data.shape;
  const indexShape = ctx.shape(1);
  if (indexShape.length !== shape.length) {
    throw opError(ctx, `indices have rank ${indexShape.length}, data rank ${shape.length}: they must match`);
  }
  const axis = normalizeAxis(ctx, ctx.attrs.int('axis', 0), shape.length);
  const indices = ctx.ints(1);
  const dataStrides = strides(shape);
  const indexStrides = strides(indexShape);
  const flat = new Int32Array(indices.length);
  for (let p = 0; p < indices.length; p++) {
    let offset = 0;
    for (let d = 0; d < shape.length; d++) {
      const coord = Math.floor(p / indexStrides[d]) % indexShape[d];
      const at = d === axis ? checkedIndex(ctx, indices[p], shape[d], 'index') : coord;
      offset += at * dataStrides[d];
    }
    flat[p] = offset;
  }
  return tf.tidy(() => tf.reshape(tf.gather(tf.reshape(data, [-1]), tf.tensor1d(flat, 'int32')), indexShape));
}

/**
 * Flat row numbers of `data` viewed as `[batch..., rows, rest...]`: each index tuple (last axis of
 * `indices`, k long) picks one row among the first k axes after the `batchDims` batch axes.
 */
function tupleRows(
  ctx: OpContext,
  dataShape: number[],
  indexShape: number[],
  indices: number[],
  batchDims: number,
) {
  const k = indexShape[indexShape.length - 1];
  if (k === undefined || k < 1 || batchDims + k > dataShape.length) {
    throw opError(
      ctx,
      `index tuples of length ${k} (last axis of indices [${indexShape.join(', ')}]) do not fit data [${dataShape.join(', ')}] after ${batchDims} batch axes`,
    );
  }
  for (let d = 0; d < batchDims; d++) {
    if (indexShape[d] !== dataShape[d]) {
      throw opError(ctx, `batch axis ${d}: indices have ${indexShape[d]}, data ${dataShape[d]}`);
    }
  }
  const picked = dataShape.slice(batchDims, batchDims + k);
  const pickedStrides = strides(picked);
  const rowsPerBatch = product(picked);
  const tuples = indices.length / k;
  const tuplesPerBatch = tuples / product(indexShape.slice(0, batchDims));
  const rows = new Int32Array(tuples);
  for (let t = 0; t < tuples; t++) {
    let row = Math.floor(t / tuplesPerBatch) * rowsPerBatch;
    for (let j = 0; j < k; j++)
      row += checkedIndex(ctx, indices[t * k + j], picked[j], 'index') * pickedStrides[j];
    rows[t] = row;
  }
  return {
    rows,
    k,
    rest: dataShape.slice(batchDims + k),
    allRows: product(dataShape.slice(0, batchDims + k)),
  };
}

/** GatherND (opset 11, batch_dims from 12): slices of `data` picked by index tuples. */
function gatherND(ctx: OpContext): tf.Tensor {
  const data = ctx.input(0);
  const indexShape = ctx.shape(1);
  const batchDims = ctx.attrs.int('batch_dims', 0);
  const { rows, rest, allRows } = tupleRows(ctx, data.shape, indexShape, ctx.ints(1), batchDims);
  const outShape = [...indexShape.slice(0, -1), ...rest];
  return tf.tidy(() =>
    tf.reshape(tf.gather(tf.reshape(data, [allRows, product(rest)]), tf.tensor1d(rows, 'int32')), outShape),
  );
}

/**
 * ScatterND (reduction none, or add from opset 16): `data` with the slices at the index tuples
 * replaced by (or increased by) `updates`. Written rows take their update, others keep `data`, so
 * the gradient reaches both.
 */
function scatterND(ctx: OpContext): tf.Tensor {
  const data = ctx.input(0);
  const updates = ctx.input(2);
  const indexShape = ctx.shape(1);
  const reduction = ctx.attrs.string('reduction', 'none');
  if (reduction !== 'none' && reduction !== 'add') {
    throw opError(ctx, `reduction '${reduction}' is not supported (none and add are)`);
  }
  const { rows, rest, allRows } = tupleRows(ctx, data.shape, indexShape, ctx.ints(1), 0);
  const width = product(rest);
  const expected = [...indexShape.slice(0, -1), ...rest];
  if (updates.shape.join(',') !== expected.join(',')) {
    throw opError(
      ctx,
      `updates are [${updates.shape.join(', ')}]; these indices need [${expected.join(', ')}]`,
    );
  }
  return tf.tidy(() => {
    const table = tf.reshape(data, [allRows, width]);
    const written = tf.reshape(updates, [rows.length, width]);
    if (reduction === 'add') {
      // Each update row added to its data row (repeated rows accumulate), as a sum of one-hot rows.
      const placement = tf.oneHot(tf.tensor1d(rows, 'int32'), allRows, 1, 0, 'float32');
      const added = tf.matMul(placement, tf.cast(written, 'float32'), true, false);
      return tf.reshape(tf.add(table, tf.cast(added, data.dtype)), data.shape);
    }
    const source = new Int32Array(allRows).fill(-1);
    rows.forEach((row, m) => {
      source[row] = m; // the last update to a row wins (the spec leaves repeats undefined)
    });
    const taken = tf.gather(
      written,
      tf.tensor1d(
        source.map((m) => Math.max(m, 0)),
        'int32',
      ),
    );
    const mask = tf.tile(
      tf.reshape(
        tf.tensor1d(
          Array.from(source, (m) => m >= 0),
          'bool',
        ),
        [allRows, 1],
      ),
      [1, width],
    );
    return tf.reshape(tf.where(mask, taken, table), data.shape);
  });
}

export const indexingOps: OpTable = {
  GatherElements: gatherElements,
  GatherND: gatherND,
  ScatterND: scatterND,
};
