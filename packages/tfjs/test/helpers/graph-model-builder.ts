import { type GraphModel, loadGraphModel, loadGraphModelSync } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';

/** An attribute of a GraphDef node as the converter's model.json spells it (proto3 JSON). */
type AttrValue = Record<string, unknown>;

interface NodeDef {
  name: string;
  op: string;
  input: string[];
  attr: Record<string, AttrValue>;
}

interface Weight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const float = { type: 'DT_FLOAT' };

/** Attribute encoders: strings are base64 bytes, integers are decimal strings. */
export const attr = {
  s: (text: string): AttrValue => ({ s: base64(text) }),
  i: (n: number): AttrValue => ({ i: String(n) }),
  b: (v: boolean): AttrValue => ({ b: v }),
  ints: (list: number[]): AttrValue => ({ list: { i: list.map(String) } }),
  strings: (list: string[]): AttrValue => ({ list: { s: list.map(base64) } }),
  shape: (dims: number[]): AttrValue => ({ shape: { dim: dims.map((d) => ({ size: String(d) })) } }),
};

export type FusedActivation = 'Relu' | 'Relu6' | undefined;

/**
 * Writes a frozen TensorFlow graph the way tensorflowjs_converter does (`format: graph-model`,
 * a GraphDef as JSON, Const nodes whose values live in the weights manifest), then loads it with
 * the converter's own loader, so that tests run real GraphModels without files from elsewhere.
 */
export class GraphModelBuilder {
  private readonly nodes: NodeDef[] = [];
  private readonly weights: Weight[] = [];
  /** A SavedModel signature, naming inputs and outputs by keys of their own. */
  signature?: { inputs: Record<string, { name: string }>; outputs: Record<string, { name: string }> };

  placeholder(name: string, shape: number[]): string {
    return this.op(name, 'Placeholder', [], { shape: attr.shape(shape), dtype: float });
  }

  /** A Const node holding `value` (read once, now). */
  constant(name: string, value: tf.Tensor): string {
    const dtype = value.dtype === 'int32' ? 'int32' : 'float32';
    this.weights.push({
      name,
      shape: value.shape.slice(),
      dtype,
      values: dtype === 'int32' ? Int32Array.from(value.dataSync()) : Float32Array.from(value.dataSync()),
    });
    return this.op(name, 'Const', [], {
      dtype: { type: dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' },
      value: { tensor: { dtype: dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT', tensorShape: {} } },
    });
  }

  op(name: string, op: string, input: string[], attrs: Record<string, AttrValue> = {}): string {
    this.nodes.push({ name, op, input, attr: attrs });
    return name;
  }

  conv2d(name: string, x: string, filter: string, stride = 1): string {
    return this.op(name, 'Conv2D', [x, filter], {
      T: float,
      strides: attr.ints([1, stride, stride, 1]),
      padding: attr.s('SAME'),
      data_format: attr.s('NHWC'),
      dilations: attr.ints([1, 1, 1, 1]),
    });
  }

  /** Conv2D + BiasAdd (+ activation) folded into one op, as the converter's optimizer emits it. */
  fusedConv2d(name: string, x: string, filter: string, bias: string, activation: FusedActivation): string {
    return this.op(name, '_FusedConv2D', [x, filter, bias], {
      T: float,
      num_args: attr.i(1),
      fused_ops: attr.strings(activation ? ['BiasAdd', activation] : ['BiasAdd']),
      strides: attr.ints([1, 1, 1, 1]),
      padding: attr.s('SAME'),
      data_format: attr.s('NHWC'),
      dilations: attr.ints([1, 1, 1, 1]),
    });
  }

  fusedDepthwiseConv2d(
    name: string,
    x: string,
    filter: string,
    bias: string,
    activation: FusedActivation,
  ): string {
    return this.op(name, 'FusedDepthwiseConv2dNative', [x, filter, bias], {
      T: float,
      num_args: attr.i(1),
      fused_ops: attr.strings(activation ? ['BiasAdd', activation] : ['BiasAdd']),
      strides: attr.ints([1, 1, 1, 1]),
      padding: attr.s('SAME'),
      data_format: attr.s('NHWC'),
      dilations: attr.ints([1, 1, 1, 1]),
    });
  }

  fusedMatMul(name: string, a: string, b: string, bias: string, activation: FusedActivation): string {
    return this.op(name, '_FusedMatMul', [a, b, bias], {
      T: float,
      num_args: attr.i(1),
      fused_ops: attr.strings(activation ? ['BiasAdd', activation] : ['BiasAdd']),
      transpose_a: attr.b(false),
      transpose_b: attr.b(false),
    });
  }

  matMul(name: string, a: string, b: string): string {
    return this.op(name, 'MatMul', [a, b], {
      T: float,
      transpose_a: attr.b(false),
      transpose_b: attr.b(false),
    });
  }

  /** The model.json and weights file a converter would write. */
  toFiles(): { modelJson: tf.io.ModelJSON; weights: ArrayBuffer } {
    const bytes = this.weights.reduce((n, w) => n + w.values.byteLength, 0);
    const weights = new Uint8Array(bytes);
    let offset = 0;
    for (const w of this.weights) {
      weights.set(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength), offset);
      offset += w.values.byteLength;
    }
    const modelJson: tf.io.ModelJSON = {
      format: 'graph-model',
      generatedBy: 'gradcam-ts tests',
      convertedBy: 'GraphModelBuilder',
      modelTopology: { node: this.nodes, library: {}, versions: { producer: 1 } },
      ...(this.signature ? { signature: this.signature } : {}),
      weightsManifest: [
        {
          paths: ['group1-shard1of1.bin'],
          weights: this.weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })),
        },
      ],
    };
    return { modelJson, weights: weights.buffer };
  }

  /** Loads the graph through the converter, from the files above. */
  load(): GraphModel<tf.io.IOHandlerSync> {
    const { modelJson, weights } = this.toFiles();
    return loadGraphModelSync([modelJson, weights]);
  }

  /** The same through the asynchronous loader and an in-memory IOHandler. */
  loadAsync(): Promise<GraphModel> {
    const { modelJson, weights } = this.toFiles();
    const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
    return loadGraphModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs,
        weightData: weights,
        format: modelJson.format,
      }),
    );
  }
}
