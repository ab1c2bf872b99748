import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../../core/test/helpers/required-resource';
import { encodeModel, findOnnxRuntime, type OnnxModel, parseOnnx, withExtraOutputs } from '../src';
import { float32ToBfloat16, float32ToHalf, halfToFloat32 } from '../src/proto/half';
import { maxAbsDiff, readF32, TORCHVISION, TORCHVISION_FIXTURES } from './helpers/fixtures';
import { encodeModel as writeSpec } from './helpers/onnx-builder';
import { residualNet } from './helpers/test-nets';

/** The writer is checked against the independent reader (and, for real models, onnxruntime). */
describe('ONNX encoder', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('writes back every attribute kind, tensor type, value info and opset the parser reads', () => {
    const original = parseOnnx(
      writeSpec({
        opset: 11,
        inputs: [{ name: 'x', shape: ['batch', 3, 8, 8] }],
        outputs: [{ name: 'y', shape: ['batch', 4] }],
        nodes: [
          {
            op: 'Fancy',
            name: 'fancy',
            domain: 'com.example',
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
        initializers: [
          { name: 'w', dims: [2, 2], data: [1, 2, 3, 4] },
          { name: 'i64', dims: [3], type: 'int64', data: [-1n, 5n, 2n ** 62n] },
          { name: 'h', dims: [3], type: 'float16', data: [0.5, -2, 65504] },
          { name: 'b', dims: [2], type: 'bool', data: [1, 0] },
          { name: 'd', dims: [1], type: 'float64', data: [1e300] },
          { name: 'i8', dims: [2], type: 'int8', data: [-128, 127] },
        ],
      }),
    );
    const again = parseOnnx(encodeModel(original));
    expect(again).toEqual(original);
  });

  it('writes INT64_MAX attributes (parsed as 2^63) back as INT64_MAX, not as a negative', () => {
    const model: OnnxModel = {
      irVersion: 8,
      producerName: '',
      producerVersion: '',
      opsetImports: { '': 13 },
      graph: {
        name: 'g',
        nodes: [
          {
            name: 'n',
            opType: 'Slice',
            domain: '',
            inputs: ['x'],
            outputs: ['y'],
            attributes: { ends: { type: 'ints', value: [2 ** 63, -(2 ** 63)] } },
          },
        ],
        initializers: [],
        inputs: [{ name: 'x', dataType: 'float32', shape: [4] }],
        outputs: [{ name: 'y' }],
        valueInfo: [],
      },
    };
    const back = parseOnnx(encodeModel(model)).graph.nodes[0].attributes.ends;
    expect(back).toEqual({ type: 'ints', value: [2 ** 63, -(2 ** 63)] });
    // The reader rounds INT64_MAX to 2^63 as a double; the sign shows a wrap-around.
    expect((back.value as number[])[0]).toBeGreaterThan(0);
  });

  it('narrows float16 and bfloat16 exactly for every value they hold, rounding others to nearest even', () => {
    const bits = new Uint16Array(65536).map((_, i) => i);
    const wide = halfToFloat32(bits);
    const back = float32ToHalf(wide);
    for (let i = 0; i < 65536; i++) {
      const nan = (i & 0x7c00) === 0x7c00 && (i & 0x3ff) !== 0;
      if (!nan) expect(back[i]).toBe(i);
    }
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa.
    expect(
      Array.from(float32ToHalf(new Float32Array([1 + 2 ** -11, 1 + 3 * 2 ** -11, 70000, 2 ** -25]))),
    ).toEqual([0x3c00, 0x3c02, 0x7c00, 0]);
    expect(Array.from(float32ToBfloat16(new Float32Array([1, -2.5, 1 + 2 ** -8])))).toEqual([
      0x3f80, 0xc020, 0x3f80,
    ]);
  });

  it('adds graph outputs to the bytes of a model without touching the rest', () => {
    const bytes = residualNet();
    const model = parseOnnx(withExtraOutputs(bytes, [{ name: 'r1' }, { name: 'act', dataType: 'float32' }]));
    const original = parseOnnx(bytes);
    expect(model.graph.outputs.map((o) => o.name)).toEqual([
      ...original.graph.outputs.map((o) => o.name),
      'r1',
      'act',
    ]);
    expect(model.graph.nodes).toEqual(original.graph.nodes);
    expect(model.graph.initializers).toEqual(original.graph.initializers);
  });

  it.skipIf(skipWithout(TORCHVISION_FIXTURES))(
    'ResNet-18 re-encoded and with an extra output runs on onnxruntime to the same logits',
    async () => {
      const runtime = await findOnnxRuntime();
      if (typeof runtime === 'string') throw new Error(runtime);
      const file = new Uint8Array(readFileSync(`${TORCHVISION}resnet18_bn.onnx`));
      const reencoded = encodeModel(parseOnnx(file));
      const cut = '/layer4/layer4.1/relu_1/Relu_output_0';
      const x = tf.tensor4d(readF32('input_1x3x224x224.f32'), [1, 3, 224, 224]);
      const session = runtime.session(withExtraOutputs(reencoded, [{ name: cut }]));
      const [logits, act] = session.run({ input: x }, ['logits', cut]);
      expect(maxAbsDiff(logits.dataSync(), readF32('ref/resnet18/logits.f32'))).toBeLessThan(1e-4);
      expect(act.shape).toEqual([1, 512, 7, 7]);
      session.dispose();
      tf.dispose([x, logits, act]);
    },
  );
});
