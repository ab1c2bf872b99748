import { engine } from '@tensorflow/tfjs-core';

type Engine = ReturnType<typeof engine>;
export type RunKernel = Engine['runKernel'];
type Make = (inner: RunKernel) => RunKernel;

const layer = Symbol('gradcam: runKernel wrapper');
type Layer = { id: string; make: Make; inner: RunKernel };
type Wrapped = RunKernel & { [layer]?: Layer };

/** Our wrappers around the engine's runKernel, outermost first, and the stock function inside. */
function unwind(): { layers: Layer[]; stock: RunKernel } {
  const layers: Layer[] = [];
  let current = engine().runKernel as Wrapped;
  while (current[layer]) {
    layers.push(current[layer]);
    current = current[layer].inner as Wrapped;
  }
  return { layers, stock: current };
}

function rebuild(layers: Layer[], stock: RunKernel): void {
  let current = stock;
  for (const { id, make } of [...layers].reverse()) {
    current = Object.assign(make(current), { [layer]: { id, make, inner: current } });
  }
  engine().runKernel = current;
}

/**
 * Wraps the engine's runKernel (every op enters the engine there) with `make`, once per id, for
 * fixes that must see or change a kernel's inputs or outputs before the tape records them.
 */
export function wrapRunKernel(id: string, make: Make): void {
  const { layers, stock } = unwind();
  if (layers.some((l) => l.id === id)) return;
  rebuild([{ id, make, inner: stock }, ...layers], stock);
}

/** Removes the wrapper `id`, keeping the others. */
export function unwrapRunKernel(id: string): void {
  const { layers, stock } = unwind();
  if (!layers.some((l) => l.id === id)) return;
  rebuild(
    layers.filter((l) => l.id !== id),
    stock,
  );
}

/** Whether the wrapper `id` is in place. */
export function hasRunKernelWrapper(id: string): boolean {
  return unwind().layers.some((l) => l.id === id);
}
