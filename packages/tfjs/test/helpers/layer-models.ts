import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Test architectures built twice from the same layer objects (so with the same weights): the
 * model itself, and a twin whose explained layer's output gets `+ delta` from an extra input.
 * The twin runs through tfjs-layers' own executor, an independent source for finite differences.
 */
export interface TwinModels {
  name: string;
  layer: string;
  model: tfl.LayersModel;
  withDelta: tfl.LayersModel;
  /** Inputs for a batch of two. */
  inputs: () => tf.Tensor[];
  /** True when the model ends in a softmax that the adapter must take off. */
  softmax: boolean;
}

let seed = Number(process.env.SEED_BASE ?? 1);
const init = () => tfl.initializers.glorotNormal({ seed: seed++ });
const conv = (filters: number, name: string, activation: 'relu' | 'linear' = 'relu', kernelSize = 3) =>
  tfl.layers.conv2d({
    filters,
    kernelSize,
    padding: 'same',
    activation,
    kernelInitializer: init(),
    biasInitializer: init(),
    name,
  });
const dense = (units: number, name: string, activation: 'linear' | 'softmax' = 'linear') =>
  tfl.layers.dense({ units, activation, kernelInitializer: init(), biasInitializer: init(), name });

function twin(
  name: string,
  layer: string,
  wire: (
    x: tfl.SymbolicTensor[],
    tap: (t: tfl.SymbolicTensor) => tfl.SymbolicTensor,
    isTwin: boolean,
  ) => tfl.SymbolicTensor,
  inputShapes: number[][],
  softmax = false,
  deltaShape: number[] = [8, 8, 8],
): TwinModels {
  const inputs = inputShapes.map((shape, i) => tfl.input({ shape, name: `${name}_in${i}` }));
  const model = tfl.model({ inputs, outputs: wire(inputs, (t) => t, false), name });
  const delta = tfl.input({ shape: deltaShape, name: `${name}_delta` });
  const deltaAdd = tfl.layers.add({ name: `${name}_plus_delta` });
  // Without softmax: the twin is scored on logits, as the adapter scores the model.
  const withDelta = tfl.model({
    inputs: [...inputs, delta],
    outputs: wire(inputs, (t) => deltaAdd.apply([t, delta]) as tfl.SymbolicTensor, true),
  });
  const makeInputs = () =>
    inputShapes.map((shape, i) => tf.randomNormal([2, ...shape], 0, 1, 'float32', 100 + i));
  return { name, layer, model, withDelta, inputs: makeInputs, softmax };
}

/** A residual block with a skip connection that goes around the explained layer. */
export function resnetLike(): TwinModels {
  const c1 = conv(8, 'stem');
  const mid = conv(8, 'mid');
  const c3 = conv(8, 'after', 'linear');
  const add = tfl.layers.add({ name: 'residual' });
  const relu = tfl.layers.reLU({ name: 'out_relu' });
  const pool = tfl.layers.globalAveragePooling2d({ name: 'gap' });
  const fc = dense(5, 'logits');
  const bn = tfl.layers.batchNormalization({
    name: 'bn',
    movingMeanInitializer: 'randomNormal',
    movingVarianceInitializer: 'ones',
  });
  return twin(
    'resnet_like',
    'mid',
    ([x], tap) => {
      const h = c1.apply(x) as tfl.SymbolicTensor;
      const m = tap(mid.apply(h) as tfl.SymbolicTensor);
      const y = bn.apply(c3.apply(m)) as tfl.SymbolicTensor;
      return fc.apply(pool.apply(relu.apply(add.apply([h, y])))) as tfl.SymbolicTensor;
    },
    [[8, 8, 3]],
  );
}

/** Inception-like: parallel branches concatenated; the cut is one branch, the others cross it. */
export function inceptionLike(): TwinModels {
  const stem = conv(6, 'stem');
  const b1 = conv(4, 'branch_1x1', 'relu', 1);
  const b3 = conv(8, 'branch_3x3');
  const b5 = conv(4, 'branch_5x5', 'relu', 5);
  const cat = tfl.layers.concatenate({ name: 'mixed' });
  const post = conv(8, 'post');
  const drop = tfl.layers.dropout({ rate: 0.5, name: 'dropout' });
  const flat = tfl.layers.flatten({ name: 'flatten' });
  const fc = dense(4, 'logits');
  return twin(
    'inception_like',
    'branch_3x3',
    ([x], tap) => {
      const s = stem.apply(x) as tfl.SymbolicTensor;
      const m = cat.apply([
        b1.apply(s),
        tap(b3.apply(s) as tfl.SymbolicTensor),
        b5.apply(s),
      ] as tfl.SymbolicTensor[]);
      return fc.apply(drop.apply(flat.apply(post.apply(m)))) as tfl.SymbolicTensor;
    },
    [[8, 8, 3]],
  );
}

/** An image and a vector input, joined after pooling; ends in a Dense with softmax activation. */
export function twoInputsSoftmax(): TwinModels {
  const c1 = conv(8, 'conv_a');
  const c2 = conv(8, 'conv_b');
  const pool = tfl.layers.globalAveragePooling2d({ name: 'gap' });
  const vec = dense(6, 'vector_proj');
  const cat = tfl.layers.concatenate({ name: 'joined' });
  const out = dense(3, 'probs', 'softmax');
  const outLogits = dense(3, 'probs_logits');
  const built = twin(
    'two_inputs',
    'conv_b',
    ([img, v], tap, isTwin) => {
      const f = pool.apply(tap(c2.apply(c1.apply(img)) as tfl.SymbolicTensor)) as tfl.SymbolicTensor;
      const joined = cat.apply([f, vec.apply(v) as tfl.SymbolicTensor]) as tfl.SymbolicTensor;
      return (isTwin ? outLogits : out).apply(joined) as tfl.SymbolicTensor;
    },
    [[8, 8, 3], [5]],
    true,
  );
  // The twin's head must be the same logits: copy the softmax layer's weights to its linear twin.
  outLogits.setWeights(out.getWeights());
  return built;
}

/** A model that nests a sub-model; the cut is inside the sub-model. */
export function nestedModel(): TwinModels {
  const a = conv(8, 'inner_a');
  const b = conv(8, 'inner_b');
  const pool = tfl.layers.averagePooling2d({ poolSize: 2, name: 'pool' });
  const flat = tfl.layers.flatten({ name: 'flatten' });
  const fc = dense(4, 'logits');
  const softmax = tfl.layers.activation({ activation: 'softmax', name: 'softmax' });
  const baseIn = tfl.input({ shape: [8, 8, 3] });
  const base = tfl.model({
    inputs: baseIn,
    outputs: b.apply(a.apply(baseIn)) as tfl.SymbolicTensor,
    name: 'base',
  });
  const x = tfl.input({ shape: [8, 8, 3], name: 'nested_in0' });
  const model = tfl.model({
    inputs: x,
    outputs: softmax.apply(fc.apply(flat.apply(pool.apply(base.apply(x))))) as tfl.SymbolicTensor,
  });
  // The twin wires the same layers flat, with the delta after inner_b.
  const xi = tfl.input({ shape: [8, 8, 3] });
  const delta = tfl.input({ shape: [8, 8, 8] });
  const shifted = tfl.layers
    .add()
    .apply([b.apply(a.apply(xi)) as tfl.SymbolicTensor, delta]) as tfl.SymbolicTensor;
  const withDelta = tfl.model({
    inputs: [xi, delta],
    outputs: fc.apply(flat.apply(pool.apply(shifted))) as tfl.SymbolicTensor,
  });
  return {
    name: 'nested',
    layer: 'base/inner_b',
    model,
    withDelta,
    inputs: () => [tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 7)],
    softmax: true,
  };
}
