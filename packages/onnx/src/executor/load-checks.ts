import { dataTypeOfCode } from '../proto/data-type';
import type { OnnxGraph, OnnxNode } from '../proto/types';

/**
 * Features of supported ops that the importer does not run, found from the graph alone so that a
 * model using them is refused when it is loaded, not halfway through a run. Each entry is one
 * sentence naming the node; an empty list means the model can be loaded.
 */
export function unsupportedFeatures(graph: OnnxGraph): string[] {
  const problems: string[] = [];
  for (const v of [...graph.inputs, ...graph.outputs]) {
    if (v.kind) problems.push(`graph value '${v.name}' is a ${v.kind}: only tensors are supported`);
  }
  const initializers = new Map(graph.initializers.map((t) => [t.name, t]));
  const declared = new Map(
    [...graph.inputs, ...graph.valueInfo, ...graph.outputs].map((v) => [v.name, v.dataType]),
  );
  const typeOf = (name: string) => initializers.get(name)?.dataType ?? declared.get(name);
  const shapes = new Map([...graph.inputs, ...graph.valueInfo].map((v) => [v.name, v.shape]));
  const rankOf = (name: string) => initializers.get(name)?.dims.length ?? shapes.get(name)?.length;
  for (const node of graph.nodes) {
    if (node.domain !== '' && node.domain !== 'ai.onnx') continue;
    const problem = CHECKS[node.opType]?.(node, { typeOf, rankOf, initializers });
    if (problem) problems.push(`node '${node.name}' (${node.opType}): ${problem}`);
  }
  return problems;
}

interface GraphView {
  typeOf(name: string): string | undefined;
  /** Rank of an initializer or of a value whose shape is declared. */
  rankOf(name: string): number | undefined;
  initializers: Map<string, OnnxGraph['initializers'][number]>;
}

type Check = (node: OnnxNode, graph: GraphView) => string | undefined;

const int = (node: OnnxNode, name: string): number | undefined => {
  const a = node.attributes[name];
  return a?.type === 'int' ? a.value : undefined;
};
const ints = (node: OnnxNode, name: string): number[] | undefined => {
  const a = node.attributes[name];
  return a?.type === 'ints' ? a.value : undefined;
};
const str = (node: OnnxNode, name: string): string | undefined => {
  const a = node.attributes[name];
  return a?.type === 'string' ? a.value : undefined;
};

/** 3-D (and higher) windows: TF.js's 3-D ops are NDHWC-only and lack the gradients used here. */
const spatialRank: Check = (node, graph) => {
  const kernel =
    ints(node, 'kernel_shape')?.length ??
    (graph.rankOf(node.inputs[1]) ?? graph.rankOf(node.inputs[0]) ?? 4) - 2;
  return kernel > 2 ? `${kernel}-D windows are not supported (1-D and 2-D only)` : undefined;
};

/** TF.js has no string arithmetic and no bfloat16 dtype to cast to or from. */
const castTypes = (to: string | undefined, from: string | undefined): string | undefined => {
  for (const t of [to, from]) {
    if (t === 'string' || t === 'bfloat16') return `casts to or from ${t} are not supported`;
  }
  return undefined;
};

const CHECKS: Record<string, Check> = {
  AveragePool: spatialRank,
  LpPool: spatialRank,
  MaxPool: (node, graph) =>
    spatialRank(node, graph) ??
    (node.outputs[1] ? 'the Indices output of MaxPool is not supported' : undefined),
  Conv: spatialRank,
  ConvTranspose: spatialRank,
  BatchNormalization: (node) =>
    int(node, 'training_mode') === 1
      ? 'training-mode batch normalization (batch statistics) is not supported'
      : undefined,
  Dropout: (node, graph) => {
    const mode = node.inputs[2];
    if (!mode) return undefined;
    const t = graph.initializers.get(mode);
    if (t && t.data.length === 1 && Number(t.data[0]) === 0) return undefined;
    return 'training-mode dropout (a training_mode input that is not a constant false) is not supported: Dropout runs as at inference';
  },
  Resize: (node) => {
    if (str(node, 'coordinate_transformation_mode') === 'tf_crop_and_resize') {
      return "coordinate_transformation_mode 'tf_crop_and_resize' is not supported";
    }
    return int(node, 'antialias') === 1 ? 'antialiasing is not supported' : undefined;
  },
  ScatterND: (node) => {
    const reduction = str(node, 'reduction') ?? 'none';
    return reduction === 'none' || reduction === 'add'
      ? undefined
      : `ScatterND's reduction '${reduction}' is not supported (none and add are)`;
  },
  Cast: (node, graph) => {
    const to = int(node, 'to') ?? 1;
    const type = dataTypeOfCode(to);
    if (type === undefined)
      return `casts to data type ${to} are not supported (float8 and int4 types are not)`;
    return castTypes(type, graph.typeOf(node.inputs[0]));
  },
  CastLike: (node, graph) => castTypes(graph.typeOf(node.inputs[1]), graph.typeOf(node.inputs[0])),
};
