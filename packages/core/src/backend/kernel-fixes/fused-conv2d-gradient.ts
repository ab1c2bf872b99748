import {
  type Conv2DAttrs,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  type engine,
  FusedConv2D,
  FusedDepthwiseConv2D,
  type GradConfig,
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
 * tf.fused.conv2d (every tfjs-layers Conv2D) and tf.fused.depthwiseConv2d (GraphModels' fused
 * depthwise nodes) record themselves under the tape as one custom-gradient node named after their
 * op scope, whose gradient refuses dilations > 1 and sees no attributes. TF.js looks up a
 * registered gradient under that name before the op's own, so one is registered there; the
 * attributes are remembered, by output, when the fused kernel runs.
 */
const FUSED_KERNELS = new Set<string>([FusedConv2D, FusedDepthwiseConv2D]);
const attrsByOutput = new WeakMap<object, FusedAttrs>();
const WRAPPER = 'fused convolution attributes remembered';

function remembering(run: RunKernel): RunKernel {
  const wrapped = function (this: Engine, name: string, inputs: object, attrs?: object) {
    const out = run.call(this, name, inputs as never, attrs as never);
    if (FUSED_KERNELS.has(name)) attrsByOutput.set((out as Tensor).dataId, attrs as FusedAttrs);
    // The tape saves a clone (an Identity), which some backends (WASM) give new data.
    const source = name === Identity ? attrsByOutput.get((inputs as { x: Tensor }).x.dataId) : undefined;
    if (source) attrsByOutput.set((out as Tensor).dataId, source);
    return out;
  } as RunKernel;
  return wrapped;
}

interface FusedOp {
  /** The op's scope name, which is its tape node's name. */
  scope: string;
  label: string;
  backprop: { input: string; filter: string };
  why: string;
}

function fusedGradient(op: FusedOp): GradConfig {
  const refuse = (why: string): never =>
    fail(
      `${REFUSED} the gradient of TF.js op '${op.label}' ${why}: explain a layer after it, or report the model`,
    );
  return {
    kernelName: op.scope,
    gradFunc: (dy, saved) => {
      // What tfjs-core's fused ops save: filter, 4-D input, output and, with a bias, the bias.
      const [filter, x, y, bias] = saved;
      const attrs = attrsByOutput.get(y.dataId);
      if (!attrs) return refuse('ran without its attributes being recorded');
      // Under a tape the ops fuse only linear activations; anything else never reaches here.
      if ((attrs.activation ?? 'linear') !== 'linear' || (attrs.dataFormat ?? 'NHWC') !== 'NHWC')
        refuse(
          `with activation '${attrs.activation}' and data format '${attrs.dataFormat}' is not supported`,
        );
      const grads = dilatedConvGradients(x, filter, dy as Tensor, attrs, op.backprop);
      const byInput: Record<string, () => Tensor> = { 0: grads.x, 1: grads.filter };
      if (bias) byInput[2] = () => sumToShape(dy as Tensor, bias.shape);
      return byInput;
    },
  };
}

function fusedConvFix(op: FusedOp): KernelFix {
  const config = fusedGradient(op);
  return {
    id: `${op.label} gradient, dilation > 1`,
    kernel: op.scope,
    kind: 'gradient',
    backends: 'all',
    why: op.why,
    apply() {
      wrapRunKernel(WRAPPER, remembering);
      if (getGradient(op.scope) !== config) registerGradient(config);
    },
    restore() {
      unwrapRunKernel(WRAPPER);
      if (getGradient(op.scope) === config) unregisterGradient(op.scope);
    },
  };
}

export const fusedConv2dGradientFix = fusedConvFix({
  scope: 'fusedConv2d__op',
  label: 'fused.conv2d',
  backprop: { input: Conv2DBackpropInput, filter: Conv2DBackpropFilter },
  why: 'the gradient inside tfjs-core\'s fused conv2d op (what every tfjs-layers Conv2D calls) throws "dilation rates greater than 1 are not yet supported in gradients" (Xception, DeepLab)',
});

export const fusedDepthwiseGradientFix = fusedConvFix({
  scope: 'fusedDepthwiseConv2d__op',
  label: 'fused.depthwiseConv2d',
  backprop: { input: DepthwiseConv2dNativeBackpropInput, filter: DepthwiseConv2dNativeBackpropFilter },
  why: 'the gradient inside tfjs-core\'s fused depthwiseConv2d op (GraphModels\' fused depthwise nodes) throws "dilation rates greater than 1 are not yet supported" (DeepLabV3 on MobileNet)',
});
