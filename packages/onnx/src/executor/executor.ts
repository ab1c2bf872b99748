import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertSupported, opFor } from '../ops/registry';
import { ChannelsLast, type OpOutput, type RunOptions } from '../ops/types';
import type { OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '../proto/types';
import type { SplitRuntime } from '../runtime/split';
import { type GraphIndex, indexGraph } from './graph-index';
import { unsupportedFeatures } from './load-checks';
import { forwardFailure } from './missing-kernel';
import { NodeContext, type NodeEnvironment } from './node-context';
import { makePlan, type Plan } from './plan';
import { toTensor } from './to-tensor';
import { Value } from './value';

export interface ExecuteOptions extends RunOptions {
  /**
   * Names of 4-D feeds given, and fetches wanted, channels-last (NHWC) rather than in ONNX's NCHW.
   * Convolution outputs exist channels-last, so fetching them so costs no transpose.
   */
  channelsLast?: string[];
  /** Called with the ONNX-layout shape and dtype of every tensor the run computes. */
  onTensor?: (name: string, shape: number[], dtype: tf.DataType) => void;
  /**
   * A rewritten form of the graph to run instead (same tensors fed and fetched, e.g. the head
   * computing only the rows its output reads); its extra constants are added with addConstant.
   */
  graph?: GraphIndex;
  /**
   * Upload the initializers this run reads for this run only, each freed after the node that
   * reads it, and keep no tensor derived from them: a run that only measures the graph (probeGraph)
   * then leaves no weight in TF.js, and its peak holds one weight at a time.
   */
  transient?: boolean;
}

/**
 * Runs an ONNX graph as TF.js ops, synchronously, so that `tf.grad` can differentiate any part of
 * it. Any tensor may be fed (a graph input, or an intermediate tensor: only what comes after it
 * then runs) and any tensor fetched: cutting a model in two is two runs.
 */
export class OnnxExecutor {
  readonly index: GraphIndex;
  /** Version of the default operator set. */
  readonly opset: number;
  /** Constants uploaded to TF.js. Initializers are uploaded when a run first reads them. */
  private readonly constants = new Map<string, Value>();
  /** Every initializer, as decoded: uploaded on first use, so that weights only onnxruntime reads never are. */
  private readonly initializers = new Map<string, OnnxTensor>();
  private readonly derived = new Map<string, tf.Tensor>();
  private readonly plans = new Map<GraphIndex, Map<string, Plan>>();
  private disposed = false;
  /**
   * onnxruntime for the body of a cut (set by the loaders when it is installed), or why it is not
   * there. The executor owns its sessions.
   */
  runtime: SplitRuntime | { unavailable: string } = {
    unavailable: 'no onnxruntime was attached to this model',
  };

  constructor(readonly model: OnnxModel) {
    this.index = indexGraph(model.graph);
    this.opset = model.opsetImports[''] ?? 1;
    assertSupported(model.graph);
    const refused = unsupportedFeatures(model.graph);
    if (refused.length > 0) {
      throw new GradcamError(`the model uses features @gradcam/onnx does not support: ${refused.join('; ')}`);
    }
    for (const init of model.graph.initializers) this.initializers.set(init.name, init);
    // Constant nodes are evaluated once, here: their outputs are constants like initializers.
    for (const node of this.index.order) {
      if (node.opType !== 'Constant' || (node.domain !== '' && node.domain !== 'ai.onnx')) continue;
      const [out] = this.execute(node, {}, () => undefined);
      this.constants.set(node.outputs[0], Value.logical(tf.keep(out.tensor()), true));
    }
  }

  /** Graph inputs that are not initializers, as declared. */
  get inputs(): OnnxValueInfo[] {
    return this.index.inputs;
  }

  get outputs(): OnnxValueInfo[] {
    return this.index.outputs;
  }

  /** Whether a tensor is a constant of the graph (an initializer or a Constant node's output). */
  isConstant(name: string): boolean {
    return this.constants.has(name) || this.initializers.has(name);
  }

  /** The constant tensor of that name (owned by the executor: do not dispose it). */
  constant(name: string): tf.Tensor | undefined {
    return this.constantValue(name)?.tensor();
  }

  /** A constant's shape, without uploading it. */
  constantShape(name: string): number[] | undefined {
    return this.initializers.get(name)?.dims.slice() ?? this.constants.get(name)?.shape;
  }

  /** How many bytes of constants TF.js holds for this model (uploaded initializers and Constant nodes). */
  get uploadedBytes(): number {
    let total = 0;
    for (const v of this.constants.values()) total += v.tensors().reduce((a, t) => a + t.size * 4, 0);
    return total;
  }

  /** The constant as a value, uploading an initializer on first use (into `scratch` for a transient run). */
  private constantValue(name: string, scratch?: Map<string, Value>): Value | undefined {
    const uploaded = this.constants.get(name) ?? scratch?.get(name);
    if (uploaded) return uploaded;
    const init = this.initializers.get(name);
    if (!init) return undefined;
    const value = Value.logical(tf.keep(toTensor(init)), true);
    (scratch ?? this.constants).set(name, value);
    return value;
  }

  /**
   * Computes `fetches` from `feeds`, returning tensors the caller owns, in the order of `fetches`.
   * Feeds are not disposed. Intermediate tensors are freed as soon as nothing reads them.
   */
  run(feeds: Record<string, tf.Tensor>, fetches: string[], options: ExecuteOptions = {}): tf.Tensor[] {
    if (this.disposed) throw new GradcamError('this ONNX model has been disposed');
    const last = new Set(options.channelsLast ?? []);
    const values = new Map<string, Value>();
    for (const [name, t] of Object.entries(feeds)) {
      if (!this.isKnown(name))
        throw new GradcamError(`cannot feed '${name}': the graph has no tensor of that name`);
      values.set(
        name,
        last.has(name) ? Value.channelsLast(t as tf.Tensor4D, false) : Value.logical(t, false),
      );
    }
    const plan = this.planFor(options.graph ?? this.index, Object.keys(feeds), fetches);
    const reads = new Map(plan.reads);
    const scratch = options.transient ? new Map<string, Value>() : undefined;
    const scratchDerived = options.transient ? new Map<string, tf.Tensor>() : undefined;
    const lookup = (name: string) => values.get(name) ?? this.constantValue(name, scratch);
    const release = (name: string) => {
      const left = (reads.get(name) ?? 0) - 1;
      reads.set(name, left);
      if (left <= 0 && values.has(name) && !(name in feeds)) {
        values.get(name)!.dispose();
        values.delete(name);
      }
    };
    const handed = new Set<tf.Tensor>();
    try {
      for (const node of plan.nodes) {
        const outputs = this.execute(node, options, lookup, (n) => n in feeds, scratchDerived);
        node.outputs.forEach((name, i) => {
          const value = outputs[i];
          if (!value) return;
          // A fed tensor keeps the caller's value: the node ran only for its other outputs.
          if (name === '' || name in feeds) {
            value.dispose();
            return;
          }
          values.get(name)?.dispose();
          values.set(name, value);
          options.onTensor?.(name, value.shape, value.dtype);
          if (!reads.has(name)) release(name);
        });
        for (const extra of outputs.slice(node.outputs.length)) extra.dispose();
        for (const input of node.inputs) if (input !== '') release(input);
        if (scratch) freeScratch(scratch, scratchDerived!);
      }
      return this.collect(fetches, values, last, handed);
    } finally {
      for (const value of values.values()) value.dispose(handed);
      if (scratch) freeScratch(scratch, scratchDerived!);
    }
  }

  /** Frees every tensor the model holds. */
  dispose(): void {
    for (const v of this.constants.values()) v.dispose();
    tf.dispose([...this.derived.values()]);
    if (!('unavailable' in this.runtime)) this.runtime.dispose();
    this.constants.clear();
    this.derived.clear();
    this.disposed = true;
  }

  private isKnown(name: string): boolean {
    return (
      this.index.producer.has(name) || this.isConstant(name) || this.index.inputs.some((i) => i.name === name)
    );
  }

  /** Adds a constant (kept until the model is disposed) for a rewritten graph to read. */
  addConstant(tensor: OnnxTensor): void {
    if (this.isKnown(tensor.name)) {
      throw new GradcamError(`the model already has a tensor '${tensor.name}'`);
    }
    this.constants.set(tensor.name, Value.logical(tf.keep(toTensor(tensor)), true));
  }

  private planFor(index: GraphIndex, fed: string[], fetches: string[]): Plan {
    const key = JSON.stringify([fed.slice().sort(), fetches]);
    let plans = this.plans.get(index);
    if (!plans) {
      plans = new Map();
      this.plans.set(index, plans);
    }
    let plan = plans.get(key);
    if (!plan) {
      const feeds = new Set(fed);
      plan = makePlan(index, (n) => feeds.has(n) || this.isConstant(n), fetches);
      plans.set(key, plan);
    }
    return plan;
  }

  /** One node, in a tidy: its outputs as values it owns. */
  private execute(
    node: OnnxNode,
    options: RunOptions,
    lookup: (name: string) => Value | undefined,
    isFed: (name: string) => boolean = () => false,
    derived: Map<string, tf.Tensor> = this.derived,
  ): Value[] {
    const env: NodeEnvironment = {
      value: lookup,
      isConstant: (name) => this.isConstant(name) && !isFed(name),
      derived,
    };
    const impl = opFor(node.opType, node.domain)!;
    const ctx = new NodeContext(node, this.opset, options, env);
    const produced = tf.tidy(() => {
      let out: ReturnType<typeof impl>;
      try {
        out = impl(ctx);
      } catch (error) {
        forwardFailure(node, error);
      }
      const list = Array.isArray(out) ? out : [out];
      // Plain records: tidy keeps the tensors it finds in them.
      return list.map((o: OpOutput) =>
        o instanceof ChannelsLast
          ? { tensor: o.tensor as tf.Tensor, last: true }
          : { tensor: o, last: false },
      );
    });
    // An op that hands back one of its inputs, or a kept tensor (a constant, a cached derived
    // constant, a layout conversion), gets a copy: every value owns its tensors.
    const inputs = new Set(node.inputs.flatMap((n) => lookup(n)?.tensors() ?? []));
    return produced.map(({ tensor, last }) => {
      const owned = tensor.kept || inputs.has(tensor) ? tf.clone(tensor) : tensor;
      return last ? Value.channelsLast(owned as tf.Tensor4D, true) : Value.logical(owned, true);
    });
  }

  /** The fetched tensors, each owned by the caller (copies of feeds and constants). */
  private collect(
    fetches: string[],
    values: Map<string, Value>,
    last: Set<string>,
    handed: Set<tf.Tensor>,
  ): tf.Tensor[] {
    return fetches.map((name) => {
      const fromRun = values.get(name);
      const value = fromRun ?? this.constantValue(name);
      if (!value) throw new GradcamError(`tensor '${name}' was not computed`);
      let t: tf.Tensor = last.has(name) ? value.channelsLast() : value.tensor();
      // Copies of what the caller must not own (feeds, constants, a tensor fetched twice) and of
      // layout conversions, which are kept out of tidy scopes: a copy is tracked by the caller's.
      if (!fromRun || !value.owns(t) || handed.has(t) || value.converted(t)) t = tf.clone(t);
      handed.add(t);
      return t;
    });
  }
}

/** A transient run's uploads and derived tensors, freed after each node. */
function freeScratch(scratch: Map<string, Value>, derived: Map<string, tf.Tensor>): void {
  for (const v of scratch.values()) v.dispose();
  scratch.clear();
  tf.dispose([...derived.values()]);
  derived.clear();
}
