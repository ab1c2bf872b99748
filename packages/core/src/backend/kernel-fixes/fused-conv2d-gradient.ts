import {
  type Conv2DAttrs,
  type engine,
  FusedConv2D,
  getGradient,
  Identity,
  registerGradient,
  type Tensor,
  unregisterGradient,
} from '@tensorflow/tfjs-core';
import { fail } from '../../errors';
import { dilatedConvGradients } from './dilated-conv-gradients';
import type { KernelFix } from './kernel-fix';
import { REFUSED } from './refused';
import { type RunKernel, unwrapRunKernel, wrapRunKernel } from './run-kernel-wrappers';
import { sumToShape } from './sum-to-shape';

type Engine = ReturnType<typeof engine>;
type FusedAttrs = Conv2DAttrs & { activation?: string };

/**
 * tf.fused.conv2d (every tfjs-layers Conv2D) records itself under the tape as one custom-gradient
 * node named after its op scope, whose gradient refuses dilations > 1 and sees no attributes.
 * TF.js looks up a registered gradient under that name before the op's own, so one is registered
 * there; the attributes are remembered, by output, when the FusedConv2D kernel runs.
 */
const FUSED_SCOPE = 'fusedConv2d__op';
const attrsByOutput = new WeakMap<object, FusedAttrs>();
const WRAPPER = 'FusedConv2D attributes remembered';

function remembering(run: RunKernel): RunKernel {
  const wrapped = function (this: Engine, name: string, inputs: object, attrs?: object) {
    const out = run.call(this, name, inputs as never, attrs as never);
    if (name === FusedConv2D) attrsByOutput.set((out as Tensor).dataId, attrs as FusedAttrs);
    // The tape saves a clone (an Identity), which some backends (WASM) give new data.
    const source = name === Identity ? attrsByOutput.get((inputs as { x: Tensor }).x.dataId) : undefined;
    if (source) attrsByOutput.set((out as Tensor).dataId, source);
    return out;
  } as RunKernel;
  return wrapped;
}

function refuse(why: string): never {
  fail(
    `${REFUSED} the gradient of TF.js op 'fused.conv2d' ${why}: explain a layer after it, or report the model`,
  );
}

const fusedConv2dGradConfig = {
  kernelName: FUSED_SCOPE,
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    // What tfjs-core's fused conv2d saves: filter, 4-D input, output and, with a bias, the bias.
    const [filter, x, y, bias] = saved;
    const attrs = attrsByOutput.get(y.dataId);
    if (!attrs) refuse('ran without its attributes being recorded');
    // Under a tape the op fuses only linear activations; anything else never reaches here.
    if ((attrs.activation ?? 'linear') !== 'linear' || (attrs.dataFormat ?? 'NHWC') !== 'NHWC')
      refuse(`with activation '${attrs.activation}' and data format '${attrs.dataFormat}' is not supported`);
    const grads = dilatedConvGradients(x, filter, dy as Tensor, attrs);
    const byInput: Record<string, () => Tensor> = { 0: grads.x, 1: grads.filter };
    if (bias) byInput[2] = () => sumToShape(dy as Tensor, bias.shape);
    return byInput;
  },
};

export const fusedConv2dGradientFix: KernelFix = {
  id: 'fused.conv2d gradient, dilation > 1',
  kernel: FusedConv2D,
  kind: 'gradient',
  backends: 'all',
  why: 'the gradient inside tfjs-core\'s fused conv2d op (what every tfjs-layers Conv2D calls) throws "dilation rates greater than 1 are not yet supported in gradients" (Xception, DeepLab)',
  apply() {
    wrapRunKernel(WRAPPER, remembering);
    if (getGradient(FUSED_SCOPE) !== fusedConv2dGradConfig) registerGradient(fusedConv2dGradConfig);
  },
  restore() {
    unwrapRunKernel(WRAPPER);
    if (getGradient(FUSED_SCOPE) === fusedConv2dGradConfig) unregisterGradient(FUSED_SCOPE);
  },
};
