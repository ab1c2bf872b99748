import * as tf from '@tensorflow/tfjs-core';
import type { OpContext, RunOptions } from '../ops/types';
import { opError } from '../ops/util';
import type { OnnxNode } from '../proto/types';
import { Attributes } from './attributes';
import type { Value } from './value';

/** What the executor lends a node's context: its values and its cache of derived constants. */
export interface NodeEnvironment {
  value(name: string): Value | undefined;
  isConstant(name: string): boolean;
  /** Kept tensors derived from constants, by node and key. */
  derived: Map<string, tf.Tensor>;
}

export class NodeContext implements OpContext {
  readonly attrs: Attributes;

  constructor(
    readonly node: OnnxNode,
    readonly opset: number,
    readonly options: RunOptions,
    private readonly env: NodeEnvironment,
  ) {
    this.attrs = new Attributes(node);
  }

  get inputCount(): number {
    return this.node.inputs.length;
  }

  has(i: number): boolean {
    return i < this.node.inputs.length && this.node.inputs[i] !== '';
  }

  private value(i: number): Value {
    if (!this.has(i)) throw opError(this, `input ${i} is required`);
    const name = this.node.inputs[i];
    const v = this.env.value(name);
    if (!v) throw opError(this, `input '${name}' has no value (an executor bug)`);
    return v;
  }

  input(i: number): tf.Tensor {
    return this.value(i).tensor();
  }

  optional(i: number): tf.Tensor | undefined {
    return this.has(i) ? this.input(i) : undefined;
  }

  channelsLast(i: number): tf.Tensor4D {
    return this.value(i).channelsLast();
  }

  isChannelsLast(i: number): boolean {
    return this.has(i) && this.value(i).isChannelsLast;
  }

  shape(i: number): number[] {
    return this.value(i).shape;
  }

  ints(i: number): number[] {
    return Array.from(this.input(i).dataSync() as ArrayLike<number>, (v) => Math.trunc(Number(v)));
  }

  numbers(i: number): number[] {
    return Array.from(this.input(i).dataSync() as ArrayLike<number>, Number);
  }

  isConstant(i: number): boolean {
    return this.has(i) && this.env.isConstant(this.node.inputs[i]);
  }

  cached(key: string, inputs: number[], make: () => tf.Tensor): tf.Tensor {
    if (!inputs.every((i) => !this.has(i) || this.isConstant(i))) return make();
    const id = `${this.node.name}\u0000${key}`;
    let t = this.env.derived.get(id);
    if (!t) {
      // Made inside the node's tidy (and perhaps under a gradient tape): kept until the model is disposed.
      t = tf.keep(make());
      this.env.derived.set(id, t);
    }
    return t;
  }
}
