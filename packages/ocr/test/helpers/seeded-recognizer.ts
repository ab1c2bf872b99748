import { encodeModel } from '../../../onnx/test/helpers/onnx-builder';
import { seeded, size } from '../../../onnx/test/helpers/seeded';

/** Shapes of the seeded recogniser: input [1, 3, 8, 32] -> map [1, 6, 4, 16] -> 8 steps of 5 classes. */
export const SEEDED = { height: 8, width: 32, mapChannels: 6, mapH: 4, mapW: 16, steps: 8, classes: 5 };

const W = {
  k1: { dims: [4, 3, 3, 3], seed: 1 },
  k2: { dims: [6, 4, 3, 3], seed: 2 },
  dense: { dims: [6, 5], seed: 3 },
  bias: { dims: [5], seed: 4 },
};
/** The weights, as the model holds them and as the test's float64 head reads them. */
export const weights = (name: keyof typeof W) => seeded(size(W[name].dims), W[name].seed);

/**
 * A CTC recogniser in PP-OCR's shape, small and seeded: convolutions (the second with stride 2)
 * to a 4x16 map, an average pool over height and pairs of columns into 8 time steps, a dense
 * layer to 5 classes (blank, a, b, c, space) and a Softmax.
 */
export function seededRecognizer(): Uint8Array {
  const init = (name: keyof typeof W) => ({ name, dims: W[name].dims, data: weights(name) });
  return encodeModel({
    inputs: [{ name: 'x', shape: ['n', 3, 8, 'w'] }],
    outputs: [{ name: 'probs', shape: ['n', 'steps', 5] }],
    initializers: [
      init('k1'),
      init('k2'),
      init('dense'),
      init('bias'),
      { name: 'axes', dims: [1], type: 'int64', data: [2n] },
    ],
    nodes: [
      { op: 'Conv', inputs: ['x', 'k1'], outputs: ['c1'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: 'Relu', inputs: ['c1'], outputs: ['r1'] },
      {
        op: 'Conv',
        inputs: ['r1', 'k2'],
        outputs: ['c2'],
        attrs: { pads: { ints: [1, 1, 1, 1] }, strides: { ints: [2, 2] } },
      },
      { op: 'Tanh', inputs: ['c2'], outputs: ['map'] },
      {
        op: 'AveragePool',
        inputs: ['map'],
        outputs: ['pooled'],
        attrs: { kernel_shape: { ints: [4, 2] }, strides: { ints: [4, 2] } },
      },
      { op: 'Squeeze', inputs: ['pooled', 'axes'], outputs: ['seq'] },
      { op: 'Transpose', inputs: ['seq'], outputs: ['steps'], attrs: { perm: { ints: [0, 2, 1] } } },
      { op: 'MatMul', inputs: ['steps', 'dense'], outputs: ['mm'] },
      { op: 'Add', inputs: ['mm', 'bias'], outputs: ['logits'] },
      { op: 'Softmax', inputs: ['logits'], outputs: ['probs'], attrs: { axis: { i: 2 } } },
    ],
  });
}

/**
 * The head from the map, in float64: `map` NHWC [4, 16, 6] of one sample to log-softmax [8, 5].
 */
export function headLogProbsF64(map: ArrayLike<number>): number[][] {
  const { mapH, mapW, mapChannels: C, steps, classes } = SEEDED;
  const dense = weights('dense');
  const bias = weights('bias');
  return Array.from({ length: steps }, (_, t) => {
    const pooled = Array.from({ length: C }, (_, c) => {
      let s = 0;
      for (let h = 0; h < mapH; h++) for (let w = 2 * t; w < 2 * t + 2; w++) s += map[(h * mapW + w) * C + c];
      return s / (mapH * 2);
    });
    const logits = Array.from({ length: classes }, (_, k) =>
      pooled.reduce((z, p, c) => z + p * dense[c * classes + k], bias[k]),
    );
    const m = Math.max(...logits);
    const lse = m + Math.log(logits.reduce((s, z) => s + Math.exp(z - m), 0));
    return logits.map((z) => z - lse);
  });
}
