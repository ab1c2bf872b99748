import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { GradcamError } from '@gradcam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../../core/test/helpers/required-resource';
import { loadOnnxFile, parseOnnx } from '../src';
import { manifest, TORCHVISION, TORCHVISION_FIXTURES } from './helpers/fixtures';
import { encodeModel, rawBytes, writeTensor } from './helpers/onnx-builder';
import { ProtoWriter } from './helpers/proto-writer';

const INT64_MAX = 9223372036854775807n;

describe('ONNX protobuf parser', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reads graph, nodes, every attribute kind, value infos and opsets', () => {
    const bytes = encodeModel({
      opset: 11,
      inputs: [{ name: 'x', shape: ['batch', 3, 8, 8] }],
      outputs: [{ name: 'y', shape: ['batch', 4] }],
      nodes: [
        {
          op: 'Fancy',
          name: 'fancy',
          inputs: ['x', '', 'w'],
          outputs: ['y'],
          attrs: {
            i: { i: -3 },
            f: { f: 0.25 },
            s: { s: 'SAME_UPPER' },
            ints: { ints: [1, -1, 2 ** 40] },
            floats: { floats: [0.5, -2] },
            strings: { strings: ['a', 'bc'] },
            t: { t: { dims: [2], data: [1.5, -2.5] } },
          },
        },
        { op: 'Relu', inputs: ['y'], outputs: ['z'] },
      ],
      initializers: [{ name: 'w', dims: [2, 2], data: [1, 2, 3, 4] }],
    });
    const model = parseOnnx(bytes);
    expect(model.irVersion).toBe(8);
    expect(model.producerName).toBe('gradcam-test');
    expect(model.opsetImports).toEqual({ '': 11 });
    const { graph } = model;
    expect(graph.inputs).toEqual([{ name: 'x', dataType: 'float32', shape: ['batch', 3, 8, 8] }]);
    expect(graph.outputs[0].shape).toEqual(['batch', 4]);
    const [fancy, relu] = graph.nodes;
    expect(fancy.inputs).toEqual(['x', '', 'w']);
    expect(fancy.attributes).toEqual({
      i: { type: 'int', value: -3 },
      f: { type: 'float', value: 0.25 },
      s: { type: 'string', value: 'SAME_UPPER' },
      ints: { type: 'ints', value: [1, -1, 2 ** 40] },
      floats: { type: 'floats', value: [0.5, -2] },
      strings: { type: 'strings', value: ['a', 'bc'] },
      t: {
        type: 'tensor',
        value: { name: '', dims: [2], dataType: 'float32', data: new Float32Array([1.5, -2.5]) },
      },
    });
    // Unnamed nodes are named by op type and position, so that errors can point at them.
    expect(relu.name).toBe('Relu_1');
    expect(graph.initializers[0]).toEqual({
      name: 'w',
      dims: [2, 2],
      dataType: 'float32',
      data: new Float32Array([1, 2, 3, 4]),
    });
  });

  const tensorCases = [
    { type: 'float32', data: [1.5, -2, 3.25], expected: new Float32Array([1.5, -2, 3.25]) },
    { type: 'float64', data: [1.5, -2, 1e300], expected: new Float64Array([1.5, -2, 1e300]) },
    { type: 'int32', data: [-7, 0, 2 ** 31 - 1], expected: new Int32Array([-7, 0, 2 ** 31 - 1]) },
    { type: 'int64', data: [-1n, 5n, INT64_MAX], expected: new BigInt64Array([-1n, 5n, INT64_MAX]) },
    { type: 'float16', data: [0.5, -2, 65504], expected: new Float32Array([0.5, -2, 65504]) },
    { type: 'bool', data: [1, 0, 1], expected: new Uint8Array([1, 0, 1]) },
    { type: 'int8', data: [-128, 0, 127], expected: new Int8Array([-128, 0, 127]) },
  ] as const;
  for (const c of tensorCases) {
    for (const encoding of ['raw', 'fields'] as const) {
      it(`decodes ${c.type} tensors stored as ${encoding === 'raw' ? 'raw_data' : 'typed fields'}`, () => {
        const w = new ProtoWriter();
        writeTensor(w, { name: 't', dims: [3], type: c.type, data: c.data as never, encoding });
        const model = modelWithInitializer(w.finish());
        const t = model.graph.initializers[0];
        expect(t.dataType).toBe(c.type);
        expect(t.data).toEqual(c.expected);
      });
    }
  }

  it('accepts unpacked repeated fields and skips unknown fields', () => {
    const w = new ProtoWriter();
    w.varint(1, 2).varint(1, 2); // dims written one tag per value
    w.varint(2, 1);
    w.string(8, 'u');
    w.float(4, 1).float(4, 2).float(4, 3).float(4, 4);
    w.string(99, 'a field from a future ONNX version');
    const t = modelWithInitializer(w.finish()).graph.initializers[0];
    expect(t.dims).toEqual([2, 2]);
    expect(t.data).toEqual(new Float32Array([1, 2, 3, 4]));
  });

  it('refuses truncated bytes, non-models and tensors whose data does not fit their dims', () => {
    const bytes = encodeModel({ inputs: [], outputs: [], nodes: [] });
    expect(() => parseOnnx(bytes.subarray(0, bytes.length - 3))).toThrow(GradcamError);
    expect(() => parseOnnx(new Uint8Array([8, 1]))).toThrow(/no graph/);
    const w = new ProtoWriter();
    writeTensor(w, { name: 'bad', dims: [5], data: [1, 2] });
    expect(() => modelWithInitializer(w.finish())).toThrow(/bad/);
  });

  describe('external data', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'gradcam-onnx-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads tensors at their offset and length from files beside the model', async () => {
      const a = rawBytes({ dims: [2], data: [1, 2] });
      const b = rawBytes({ dims: [3], data: [10n, -20n, 30n], type: 'int64' });
      const blob = new Uint8Array(64);
      blob.set(a, 0);
      blob.set(b, 16); // aligned the way ONNX writes them, with a gap
      writeFileSync(join(dir, 'weights.bin'), blob);
      const bytes = encodeModel({
        inputs: [{ name: 'x', shape: [2] }],
        outputs: [{ name: 'y' }],
        nodes: [{ op: 'Add', inputs: ['x', 'a'], outputs: ['y'] }],
        initializers: [
          {
            name: 'a',
            dims: [2],
            data: [],
            encoding: 'external',
            external: { location: 'weights.bin', offset: 0, length: 8 },
          },
          {
            name: 'b',
            dims: [3],
            type: 'int64',
            data: [],
            encoding: 'external',
            external: { location: 'weights.bin', offset: 16, length: 24 },
          },
        ],
      });
      writeFileSync(join(dir, 'model.onnx'), bytes);
      const exec = await loadOnnxFile(join(dir, 'model.onnx'));
      expect(exec.model.graph.initializers[1].data).toEqual(new BigInt64Array([10n, -20n, 30n]));
      const x = tf.tensor1d([0.5, 0.25]);
      const [y] = exec.run({ x }, ['y']);
      expect(Array.from(y.dataSync())).toEqual([1.5, 2.25]);
      tf.dispose([x, y]);
      exec.dispose();

      // Without a file to read from, the error says how to load such a model.
      expect(() => parseOnnx(bytes)).toThrow(/external file 'weights.bin'.*load the model from a file path/);
    });

    it('says which external file is missing, and refuses locations outside the model directory', async () => {
      const missing = encodeModel({
        inputs: [],
        outputs: [],
        nodes: [],
        initializers: [
          { name: 'a', dims: [1], data: [], encoding: 'external', external: { location: 'gone.bin' } },
        ],
      });
      writeFileSync(join(dir, 'missing.onnx'), missing);
      await expect(loadOnnxFile(join(dir, 'missing.onnx'))).rejects.toThrow(/'gone.bin' is missing/);
      const escaping = encodeModel({
        inputs: [],
        outputs: [],
        nodes: [],
        initializers: [
          { name: 'a', dims: [1], data: [], encoding: 'external', external: { location: '../x.bin' } },
        ],
      });
      writeFileSync(join(dir, 'escaping.onnx'), escaping);
      await expect(loadOnnxFile(join(dir, 'escaping.onnx'))).rejects.toThrow(/outside the model's directory/);
    });
  });

  describe.skipIf(skipWithout(TORCHVISION_FIXTURES))('the torchvision fixtures', () => {
    const files = [
      ['resnet18', 'resnet18_bn.onnx'],
      ['mobilenet_v2', 'mobilenet_v2.onnx'],
    ] as const;
    for (const [name, file] of files) {
      it(`${file}: op types, node and initializer counts as the manifest records them`, () => {
        const expected = manifest().models[name].onnx[file];
        const model = parseOnnx(readFileSync(`${TORCHVISION}${file}`));
        expect(model.opsetImports['']).toBe(13);
        const ops: Record<string, number> = {};
        for (const n of model.graph.nodes) ops[n.opType] = (ops[n.opType] ?? 0) + 1;
        expect(ops).toEqual(expected.op_types);
        expect(model.graph.nodes).toHaveLength(expected.nodes);
        expect(model.graph.initializers).toHaveLength(expected.initializers);
        const elements = model.graph.initializers.reduce((s, t) => s + t.data.length, 0);
        expect(elements).toBe(expected.initializer_elems);
        expect(model.graph.inputs).toEqual([
          { name: 'input', dataType: 'float32', shape: ['batch', 3, 224, 224] },
        ]);
      });
    }
  });
});

/** A model whose only content is one initializer, given as TensorProto bytes. */
function modelWithInitializer(tensor: Uint8Array) {
  const w = new ProtoWriter();
  w.varint(1, 8);
  w.message(7, (g) => g.bytes(5, tensor));
  w.message(8, (o) => o.varint(2, 13));
  return parseOnnx(w.finish());
}
