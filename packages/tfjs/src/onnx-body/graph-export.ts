import { isWeight } from '../graph/graph-access';
import { canonicalTensorName, parseTensorName } from '../graph/tensor-name';
import { ancestors, topologicalOrder } from '../graph/topology';
import { BodyGraph, type Constant, type Value } from './body-graph';
import type { BodySpec } from './body-spec';
import type { ExportedBody } from './exported-body';
import { emitNode } from './graph-emitters';
import type { NodeInputs } from './graph-layout-emitters';
import { UnsupportedInBody, unsupported } from './unsupported';

type GraphSpec = Extract<BodySpec, { kind: 'graph' }>;

/**
 * The GraphModel from its input to the cut node and the crossing tensors, as ONNX. Returns why
 * not, naming the node and its op, when a node on the way has no exact ONNX form here.
 */
export function exportGraphBody(spec: GraphSpec): ExportedBody | string {
  const { model, graph, facts, input } = spec;
  const wanted = [spec.cut.name, ...spec.crossing].map(canonicalTensorName);
  const needed = ancestors(
    wanted.map((t) => graph.nodes[parseTensorName(t).node]),
    (n) => n === input || isWeight(model, n),
  );
  // Sizes measured by the probe hold only for the probed input when the model leaves them open:
  // then the body is exported for any size (TF's 'same' as SAME_UPPER, the input's extent dynamic).
  const declared = model.inputs.find((i) => i.name === input.name || i.name === input.signatureKey)?.shape;
  const fixedSize = declared !== undefined && declared.length === 4 && declared[1] > 0 && declared[2] > 0;
  const g = new BodyGraph();
  const values = new Map<string, Value>();
  try {
    for (const node of topologicalOrder(graph)) {
      if (!needed.has(node.name) || isWeight(model, node)) continue;
      if (node === input) {
        const shape = declared ?? facts.get(node.name)?.shape ?? [];
        values.set(
          node.name,
          g.input(
            node.name,
            shape.map((d, i) => (i === 0 || d < 0 ? null : d)),
          ),
        );
        continue;
      }
      const data = node.inputNames.filter((n) => !n.startsWith('^'));
      const inputs: NodeInputs = {
        count: data.length,
        value: (i) => {
          const name = canonicalTensorName(data[i]);
          const v = values.get(name);
          if (v) return v;
          const c = constantOf(name);
          if (c) return g.constant(c, 0);
          return unsupported(`input '${name}' of node '${node.name}' (${node.op})`);
        },
        operand: (i) => values.get(canonicalTensorName(data[i])) ?? inputs.constant(i),
        constant: (i) =>
          constantOf(canonicalTensorName(data[i])) ??
          unsupported(`a computed parameter '${data[i]}' of node '${node.name}' (${node.op})`),
        shape: (i) => (fixedSize ? facts.get(canonicalTensorName(data[i]))?.shape : undefined),
      };
      values.set(node.name, emitNode(g, node, inputs));
    }
    const outputs = wanted.map((t) =>
      g.output(values.get(t) ?? unsupported(`tensor '${t}' (a second output of its node)`), t),
    );
    return { bytes: g.encode(), inputs: [{ name: input.name, index: 0 }], outputs };
  } catch (e) {
    if (e instanceof UnsupportedInBody) return e.reason;
    throw e;
  }

  function constantOf(name: string): Constant | undefined {
    const { node, index } = parseTensorName(name);
    const t = model.weights[node]?.[index];
    if (!t) return undefined;
    return { data: Float32Array.from(t.dataSync() as ArrayLike<number>), shape: t.shape.slice() };
  }
}
