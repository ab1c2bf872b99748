import { type engine, FusedBatchNorm, ones, type Tensor, zeros } from '@tensorflow/tfjs-core';
import type { KernelFix } from './kernel-fix';
import { type RunKernel, unwrapRunKernel, wrapRunKernel } from './run-kernel-wrappers';

type Engine = ReturnType<typeof engine>;
type Inputs = Parameters<RunKernel>[1];
const WRAPPER = 'FusedBatchNorm scale and offset filled in';

/**
 * Keras' BatchNormalization(scale=False) (every Keras application) reaches FusedBatchNorm with no
 * scale. The forward kernels accept that; recording it for a gradient does not: the stock gradient
 * saves the absent scale (clone of undefined) and the tape reads every input's id. No gradient
 * config can repair the tape, so the fix is where the op enters the engine: an absent scale
 * becomes ones and an absent offset zeros, which compute the same values and give the stock
 * gradient what it expects.
 */
function withDefaults(run: RunKernel): RunKernel {
  const wrapped = function (this: Engine, name: string, inputs: Inputs, attrs?: object) {
    if (name !== FusedBatchNorm) return run.call(this, name, inputs, attrs as never);
    const { mean, scale, offset } = inputs as Record<string, Tensor | undefined>;
    if (!mean || (scale != null && offset != null)) return run.call(this, name, inputs, attrs as never);
    const filled: Tensor[] = [];
    const fill = (make: () => Tensor) => {
      const t = make();
      filled.push(t);
      return t;
    };
    try {
      const complete = {
        ...inputs,
        scale: scale ?? fill(() => ones(mean.shape)),
        offset: offset ?? fill(() => zeros(mean.shape)),
      };
      return run.call(this, name, complete, attrs as never);
    } finally {
      // The tape keeps its own copy of what it saves.
      for (const t of filled) t.dispose();
    }
  } as RunKernel;
  return wrapped;
}

export const batchNormAbsentScaleFix: KernelFix = {
  id: 'FusedBatchNorm without scale or offset',
  kernel: FusedBatchNorm,
  kind: 'kernel',
  backends: 'all',
  why: "tf.batchNorm with no scale (Keras BatchNormalization(scale=False)) cannot be differentiated: the stock gradient saves the undefined scale and throws \"Cannot read properties of undefined (reading 'dtype')\" (WASM) or ('dataId') (CPU)",
  apply() {
    wrapRunKernel(WRAPPER, withDefaults);
  },
  restore() {
    unwrapRunKernel(WRAPPER);
  },
};
