import * as tf from '@tensorflow/tfjs-core';

export const TO_CHANNELS_LAST = [0, 2, 3, 1];
export const TO_CHANNELS_FIRST = [0, 3, 1, 2];

/**
 * One tensor of the graph during a run, in ONNX's own layout ("logical": NCHW for images) or, for
 * 4-D tensors, channels-last (NHWC), or both. TF.js convolutions and pooling want NHWC; keeping
 * their outputs NHWC until an op needs NCHW saves a transpose pair around every convolution
 * (conv -> batch norm -> relu -> conv runs with no transpose at all).
 *
 * A value owns the tensors it was created with when `owned` (node outputs), and always owns the
 * other layout when it made it; feeds and constants belong to their caller or the executor.
 */
export class Value {
  private logical?: tf.Tensor;
  private last?: tf.Tensor4D;
  private readonly madeHere = new Set<tf.Tensor>();

  private constructor(
    init: { logical?: tf.Tensor; last?: tf.Tensor4D },
    private readonly owned: boolean,
  ) {
    this.logical = init.logical;
    this.last = init.last;
  }

  static logical(t: tf.Tensor, owned: boolean): Value {
    return new Value({ logical: t }, owned);
  }

  static channelsLast(t: tf.Tensor4D, owned: boolean): Value {
    if (t.rank !== 4) throw new Error(`a channels-last value must be 4-D, got [${t.shape.join(', ')}]`);
    return new Value({ last: t }, owned);
  }

  /** Shape in ONNX's layout, without converting anything. */
  get shape(): number[] {
    if (this.logical) return this.logical.shape;
    const [n, h, w, c] = this.last!.shape;
    return [n, c, h, w];
  }

  get rank(): number {
    return this.shape.length;
  }

  get dtype(): tf.DataType {
    return (this.logical ?? this.last!).dtype;
  }

  /** True when the value exists only channels-last: NHWC consumers then need no transpose. */
  get isChannelsLast(): boolean {
    return this.logical === undefined;
  }

  /** The tensor in ONNX's layout, transposed from channels-last once and kept. */
  tensor(): tf.Tensor {
    if (!this.logical) this.logical = this.adopt(convert(this.last!, TO_CHANNELS_FIRST));
    return this.logical;
  }

  /** The NHWC form of a 4-D value, transposed once and kept. */
  channelsLast(): tf.Tensor4D {
    if (!this.last) {
      if (this.logical!.rank !== 4) {
        throw new Error(
          `only 4-D tensors have a channels-last form, not [${this.logical!.shape.join(', ')}]`,
        );
      }
      this.last = this.adopt(convert(this.logical!, TO_CHANNELS_LAST)) as tf.Tensor4D;
    }
    return this.last;
  }

  /** Every tensor this value holds (for identity checks). */
  tensors(): tf.Tensor[] {
    return [this.logical, this.last].filter((t): t is tf.Tensor => t !== undefined);
  }

  /** Whether `t` is a layout conversion made (and kept out of any tidy) by this value. */
  converted(t: tf.Tensor): boolean {
    return this.madeHere.has(t);
  }

  /** Whether `t` is one this value may dispose. */
  owns(t: tf.Tensor): boolean {
    return this.madeHere.has(t) || (this.owned && this.tensors().includes(t));
  }

  /** Disposes what the value owns, except `keep` (tensors handed to the caller). */
  dispose(keep?: Set<tf.Tensor>): void {
    for (const t of this.tensors()) if (this.owns(t) && !keep?.has(t)) t.dispose();
    this.madeHere.clear();
    this.logical = undefined;
    this.last = undefined;
  }

  private adopt<T extends tf.Tensor>(t: T): T {
    // Converted inside some op's tidy: kept, because this value disposes it itself.
    tf.keep(t);
    this.madeHere.add(t);
    return t;
  }
}

/** A 4-D transpose between layouts; with a 1x1 spatial grid it is a reshape, which copies nothing. */
function convert(t: tf.Tensor, perm: number[]): tf.Tensor {
  const [, a, b, c] = t.shape;
  const spatialIsOne = perm === TO_CHANNELS_LAST ? b * c === 1 : a * b === 1;
  if (spatialIsOne) {
    const shape = perm.map((p) => t.shape[p]);
    return tf.reshape(t, shape);
  }
  return tf.transpose(t, perm);
}
