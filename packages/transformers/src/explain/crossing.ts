import type { OnnxExecutor } from '@gradcam/onnx';
import { ancestorsOf, descendantsOf, type TensorFacts } from './encoder-layers';

/**
 * What the encoder after the cut reads besides the cut itself: tensors computed before it from the
 * image (a residual stream around the cut, in encoders that have one). Float tensors with a batch
 * axis are fed from the body, so that the engine repeats them per target; anything else from the
 * image (shape arithmetic) is followed back to the float tensors it is computed from, which are fed
 * instead, so that it follows the head's batch of rows. Held fixed, they leave the head's gradient
 * the whole encoder's derivative with respect to the cut.
 */
export function crossingTensors(
  exec: OnnxExecutor,
  cut: string,
  output: string,
  facts: Map<string, TensorFacts>,
): string[] {
  const afterCut = descendantsOf(exec, [cut]);
  const fromImage = descendantsOf(
    exec,
    exec.inputs.map((i) => i.name),
  );
  const fed = new Set<string>();
  const seen = new Set<string>();
  const reach = (name: string): void => {
    if (name === '' || seen.has(name) || exec.isConstant(name) || !fromImage.has(name)) return;
    seen.add(name);
    const f = facts.get(name);
    const isInput = exec.inputs.some((i) => i.name === name);
    if (isInput || (f && f.dtype === 'float32' && f.shape.length > 0)) {
      fed.add(name);
      return;
    }
    for (const input of exec.index.producer.get(name)?.inputs ?? []) reach(input);
  };
  const head = ancestorsOf(exec, output);
  for (const name of head) {
    if (name === cut || !afterCut.has(name)) continue;
    for (const input of exec.index.producer.get(name)?.inputs ?? []) if (!afterCut.has(input)) reach(input);
  }
  const order = new Map(exec.index.order.flatMap((n) => n.outputs).map((n, i) => [n, i]));
  return [...fed].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1));
}
