import {
  encodeModel,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from '@gradcam/onnx';

/** Opset 13: Resize, Pad and Clip take their parameters as inputs, ReduceMean its axes as an attribute. */
const OPSET = 13;

/** Integers, integer lists, strings, and floats marked as such (an Elu's alpha of 1 is a float). */
export type AttributeValue = number | number[] | string | { float: number } | { floats: number[] };

/** Nodes, initializers, inputs and outputs of one ONNX graph, with fresh names for what it makes. */
export class OnnxGraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private count = 0;

  fresh(hint: string): string {
    return `${hint.replace(/[^A-Za-z0-9_/.-]/g, '_')}__${++this.count}`;
  }

  node(
    opType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    hint = opType,
  ): string {
    const output = this.fresh(hint);
    const attrs: Record<string, OnnxAttribute> = {};
    for (const [name, v] of Object.entries(attributes)) attrs[name] = attribute(v);
    this.nodes.push({ name: output, opType, domain: '', inputs, outputs: [output], attributes: attrs });
    return output;
  }

  floats(dims: number[], data: Float32Array, hint = 'const'): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, dataType: 'float32', data });
    return name;
  }

  int64s(values: number[], hint = 'shape'): string {
    const name = this.fresh(hint);
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: 'int64',
      data: BigInt64Array.from(values, (v) => BigInt(v)),
    });
    return name;
  }

  input(name: string, shape: (number | string | null)[]): void {
    this.inputs.push({ name, dataType: 'float32', shape });
  }

  output(name: string): void {
    this.outputs.push({ name });
  }

  /** The graph as `.onnx` bytes, every tensor inline. */
  encode(): Uint8Array {
    return encodeModel({
      irVersion: 8,
      producerName: 'gradcam-ts',
      producerVersion: '',
      opsetImports: { '': OPSET },
      graph: {
        name: 'body',
        nodes: this.nodes,
        initializers: this.initializers,
        inputs: this.inputs,
        outputs: this.outputs,
        valueInfo: [],
      },
    });
  }
}

function attribute(v: AttributeValue): OnnxAttribute {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'number') return { type: 'int', value: v };
  if (Array.isArray(v)) return { type: 'ints', value: v };
  if ('float' in v) return { type: 'float', value: v.float };
  return { type: 'floats', value: v.floats };
}
