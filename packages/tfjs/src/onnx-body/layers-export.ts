import type { GraphView, TensorRef } from '../layers/graph-view';
import { BodyGraph, type Value } from './body-graph';
import type { ExportedBody } from './exported-body';
import { emitLayer } from './layer-emitters';
import { UnsupportedInBody } from './unsupported';

/**
 * The LayersModel's graph from its inputs to `cut` and `crossing` (nested models expanded), as
 * ONNX. Returns why not, naming the layer, when some layer on the way has no exact ONNX form.
 */
export function exportLayersBody(
  view: GraphView,
  cut: TensorRef,
  crossing: TensorRef[],
): ExportedBody | string {
  const wanted = [cut, ...crossing];
  const needed = new Set<string>();
  const stack = [...wanted];
  while (stack.length > 0) {
    const r = stack.pop()!;
    if (needed.has(r.key)) continue;
    needed.add(r.key);
    stack.push(...r.inputs);
  }
  const g = new BodyGraph();
  const values = new Map<string, Value>();
  const inputs: ExportedBody['inputs'] = [];
  try {
    for (const ref of view.ordered) {
      if (!needed.has(ref.key)) continue;
      if (!ref.layer) {
        const name = `input_${ref.inputIndex}`;
        inputs.push({ name, index: ref.inputIndex! });
        values.set(ref.key, g.input(name, ref.shape));
        continue;
      }
      if (ref.outputIndex !== 0)
        throw new UnsupportedInBody(`output ${ref.outputIndex} of layer '${ref.name}'`);
      values.set(
        ref.key,
        emitLayer(
          g,
          ref,
          ref.inputs.map((i) => values.get(i.key)!),
        ),
      );
    }
  } catch (e) {
    if (e instanceof UnsupportedInBody) return e.reason;
    throw e;
  }
  const outputs = wanted.map((r) => g.output(values.get(r.key)!, r.name));
  return { bytes: g.encode(), inputs, outputs };
}
