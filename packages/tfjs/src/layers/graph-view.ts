import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';

type Layer = LayersModel['layers'][number];
type Kwargs = Record<string, unknown>;

/**
 * One tensor of a LayersModel's graph with nested models expanded inline, so that a cut may lie
 * inside a sub-model. `key` is unique per call site: a layer applied twice (a shared layer) gives
 * two refs with the same `name`.
 */
export interface TensorRef {
  key: string;
  /** Layer path, `outer/inner` for a layer of a nested model. */
  name: string;
  layer: Layer | null;
  shape: (number | null)[];
  inputs: TensorRef[];
  callArgs: Kwargs;
  /** Which output of `layer.apply` this is. */
  outputIndex: number;
  /** Key shared by the outputs of one layer call, for caching multi-output layers. */
  callKey: string;
  /** For a model input: its position in the model's inputs. */
  inputIndex?: number;
}

interface Scope {
  prefix: string;
  inputs: Map<number, TensorRef>;
}

function isContainer(layer: Layer): layer is Layer & LayersModel {
  const l = layer as unknown as Partial<LayersModel>;
  return Array.isArray(l.layers) && Array.isArray(l.inputs) && Array.isArray(l.outputs);
}

export interface GraphView {
  inputs: TensorRef[];
  outputs: TensorRef[];
  /** Every ref reachable from the outputs, inputs first (topological order). */
  ordered: TensorRef[];
}

export function buildGraphView(model: LayersModel): GraphView {
  const refs = new Map<string, TensorRef>();
  const inputs = model.inputs.map((st, i): TensorRef => {
    const ref: TensorRef = {
      key: `input:${i}`,
      name: st.sourceLayer.name,
      layer: null,
      shape: st.shape,
      inputs: [],
      callArgs: {},
      outputIndex: 0,
      callKey: `input:${i}`,
      inputIndex: i,
    };
    return ref;
  });
  const top: Scope = { prefix: '', inputs: new Map(model.inputs.map((st, i) => [st.id, inputs[i]])) };

  const resolve = (st: SymbolicTensor, scope: Scope): TensorRef => {
    const mapped = scope.inputs.get(st.id);
    if (mapped) return mapped;
    const layer = st.sourceLayer as Layer;
    const callKey = `${scope.prefix}${layer.name}#${st.nodeIndex}`;
    const key = `${callKey}:${st.tensorIndex}`;
    const known = refs.get(key);
    if (known) return known;
    const args = st.inputs.map((i) => resolve(i, scope));
    let ref: TensorRef;
    if (isContainer(layer)) {
      const inner: Scope = {
        // Node 0 of a model is its own construction; calls start at 1. Name a call only when there
        // are several, so that `base/conv` stays `base/conv` in the common case.
        prefix: `${scope.prefix}${layer.name}${layer.inboundNodes.length > 2 ? `#${st.nodeIndex}` : ''}/`,
        inputs: new Map(layer.inputs.map((innerInput, i) => [innerInput.id, args[i]])),
      };
      ref = resolve(layer.outputs[st.tensorIndex ?? 0], inner);
    } else {
      ref = {
        key,
        name: `${scope.prefix}${layer.name}`,
        layer,
        shape: st.shape,
        inputs: args,
        callArgs: (st.callArgs ?? {}) as Kwargs,
        outputIndex: st.tensorIndex ?? 0,
        callKey,
      };
    }
    refs.set(key, ref);
    return ref;
  };

  const outputs = model.outputs.map((st) => resolve(st, top));
  const ordered: TensorRef[] = [];
  const seen = new Set<string>();
  const visit = (r: TensorRef) => {
    if (seen.has(r.key)) return;
    seen.add(r.key);
    r.inputs.forEach(visit);
    ordered.push(r);
  };
  inputs.forEach(visit);
  outputs.forEach(visit);
  return { inputs, outputs, ordered };
}

/**
 * Evaluates refs on concrete tensors, in inference mode. `values` holds what is fed (inputs, or a
 * cut and the tensors that cross it) and collects what is computed; results of one layer call
 * are cached so multi-output layers run once.
 */
export function evaluate(
  target: TensorRef,
  values: Map<string, tf.Tensor>,
  calls = new Map<string, tf.Tensor[]>(),
): tf.Tensor {
  const fed = values.get(target.key);
  if (fed) return fed;
  if (!target.layer) throw new Error(`no value fed for model input '${target.name}'`);
  let outs = calls.get(target.callKey);
  if (!outs) {
    const args = target.inputs.map((i) => evaluate(i, values, calls));
    const result = target.layer.apply(args.length === 1 ? args[0] : args, {
      ...target.callArgs,
      training: false,
    });
    outs = (Array.isArray(result) ? result : [result]) as tf.Tensor[];
    calls.set(target.callKey, outs);
  }
  const value = outs[target.outputIndex];
  values.set(target.key, value);
  return value;
}
