import type { OnnxAttribute, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '@gradcam/onnx';
import type { Random } from './random';

type AttrValue = number | string | number[] | { floats: number[] } | { tensor: OnnxTensor };

/** Integers become `int`/`ints`; `{ floats }` marks float lists; a `float` is any non-integer number. */
function attribute(v: AttrValue, float = false): OnnxAttribute {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'number')
    return float || !Number.isInteger(v) ? { type: 'float', value: v } : { type: 'int', value: v };
  if (Array.isArray(v)) return { type: 'ints', value: v };
  if ('floats' in v) return { type: 'floats', value: v.floats };
  return { type: 'tensor', value: v.tensor };
}

export interface OpSpec {
  /** Node name; outputs are `<name>_output_<i>` as PyTorch's exporter names them. */
  name: string;
  attrs?: Record<string, AttrValue>;
  /** Attribute names whose number is a float even when it is whole (`epsilon: 1`). */
  floatAttrs?: string[];
  outputs?: number | string[];
}

/**
 * Builds an ONNX graph the way an exporter writes one: named nodes, initializers with seeded
 * random weights, int64 constants for shapes and axes. The result is an `OnnxModel` that
 * `encodeModel` writes to bytes.
 */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly constants = new Map<string, string>();

  /** Operator set of the graph: 17 has LayerNormalization, 14 spells it out as exporters then did. */
  constructor(
    private readonly random: Random,
    readonly opset = 17,
  ) {}

  /** One node; returns its output names. */
  node(opType: string, inputs: string[], spec: OpSpec): string[] {
    const { name, attrs = {}, floatAttrs = [], outputs = 1 } = spec;
    const names =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, (_, i) => `${name}_output_${i}`)
        : outputs;
    const attributes: Record<string, OnnxAttribute> = {};
    for (const [k, v] of Object.entries(attrs)) attributes[k] = attribute(v, floatAttrs.includes(k));
    this.nodes.push({ name, opType, domain: '', inputs, outputs: names, attributes });
    return names;
  }

  /** A node with one output. */
  op(opType: string, inputs: string[], name: string, attrs?: Record<string, AttrValue>): string {
    return this.node(opType, inputs, { name, attrs })[0];
  }

  /** A float32 weight drawn from N(0, scale^2). */
  weight(name: string, dims: number[], scale: number): string {
    const n = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = this.random.normal() * scale;
    return this.floats(name, dims, data);
  }

  /** A float32 initializer filled with `value` (LayerNorm gains, zero biases). */
  filled(name: string, dims: number[], value: number): string {
    return this.floats(name, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value));
  }

  floats(name: string, dims: number[], data: Float32Array): string {
    this.initializers.push({ name, dims, dataType: 'float32', data });
    return name;
  }

  /** An int64 constant (shapes, axes, indices), shared by value; `[]` dims for a scalar. */
  ints(values: number[], scalar = false): string {
    const key = `${scalar ? 's' : 'v'}:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = `onnx::const_${this.constants.size}`;
    this.initializers.push({
      name,
      dims: scalar ? [] : [values.length],
      dataType: 'int64',
      data: BigInt64Array.from(values.map(BigInt)),
    });
    this.constants.set(key, name);
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    const key = `f:${value}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = `onnx::const_${this.constants.size}`;
    this.initializers.push({ name, dims: [], dataType: 'float32', data: Float32Array.of(value) });
    this.constants.set(key, name);
    return name;
  }

  model(inputs: OnnxValueInfo[], outputs: OnnxValueInfo[]): OnnxModel {
    return {
      irVersion: 8,
      producerName: 'gradcam-ts tiny captioner',
      producerVersion: '0.1.0',
      opsetImports: { '': this.opset },
      graph: {
        name: 'main_graph',
        nodes: this.nodes,
        initializers: this.initializers,
        inputs,
        outputs,
        valueInfo: [],
      },
    };
  }
}
