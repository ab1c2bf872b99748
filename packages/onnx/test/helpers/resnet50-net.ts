import { encodeModel, type NodeSpec, type TensorSpec } from './onnx-builder';

/**
 * ResNet-50 as torchvision exports it with BatchNorm folded into the convolutions (v1.5: the
 * stride on the 3x3 convolution), seeded weights: input `input` [batch, 3, 224, 224], output
 * `logits` [batch, 1000], the last block's output `layer4_out` [batch, 2048, 7, 7]. 25.6 M
 * parameters (102 MB), the size that matters for speed and memory figures; the weights are He-scaled
 * uniform values with the residual branches damped, so that the activations stay finite.
 */
export function resnet50Net(seed = 50): Uint8Array {
  const nodes: NodeSpec[] = [];
  const initializers: TensorSpec[] = [];
  let next = seed;
  const param = (name: string, dims: number[], scale: number) => {
    initializers.push({
      name,
      dims,
      data: uniform(
        dims.reduce((a, b) => a * b, 1),
        next++,
        scale,
      ),
    });
    return name;
  };
  const conv = (name: string, input: string, cin: number, cout: number, k: number, stride = 1, damp = 1) => {
    const w = param(`${name}.weight`, [cout, cin, k, k], damp * Math.sqrt(6 / (cin * k * k)));
    const b = param(`${name}.bias`, [cout], 0.05);
    const pad = (k - 1) / 2;
    nodes.push({
      op: 'Conv',
      name,
      inputs: [input, w, b],
      outputs: [`${name}_out`],
      attrs: {
        kernel_shape: { ints: [k, k] },
        pads: { ints: [pad, pad, pad, pad] },
        strides: { ints: [stride, stride] },
      },
    });
    return `${name}_out`;
  };
  const relu = (name: string, input: string, output = `${name}_out`) => {
    nodes.push({ op: 'Relu', name, inputs: [input], outputs: [output] });
    return output;
  };
  let x = relu('relu', conv('conv1', 'input', 3, 64, 7, 2));
  nodes.push({
    op: 'MaxPool',
    name: 'maxpool',
    inputs: [x],
    outputs: ['maxpool_out'],
    attrs: { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] }, strides: { ints: [2, 2] } },
  });
  x = 'maxpool_out';
  let channels = 64;
  for (const [l, [blocks, width]] of [
    [3, 64],
    [4, 128],
    [6, 256],
    [3, 512],
  ].entries()) {
    for (let b = 0; b < blocks; b++) {
      const name = `layer${l + 1}.${b}`;
      const stride = b === 0 && l > 0 ? 2 : 1;
      let y = relu(`${name}.relu1`, conv(`${name}.conv1`, x, channels, width, 1));
      y = relu(`${name}.relu2`, conv(`${name}.conv2`, y, width, width, 3, stride));
      y = conv(`${name}.conv3`, y, width, width * 4, 1, 1, 0.3);
      const shortcut = b === 0 ? conv(`${name}.downsample`, x, channels, width * 4, 1, stride) : x;
      nodes.push({ op: 'Add', name: `${name}.add`, inputs: [y, shortcut], outputs: [`${name}.sum`] });
      const last = l === 3 && b === blocks - 1;
      x = relu(`${name}.relu3`, `${name}.sum`, last ? 'layer4_out' : undefined);
      channels = width * 4;
    }
  }
  nodes.push({ op: 'GlobalAveragePool', name: 'avgpool', inputs: [x], outputs: ['pooled'] });
  nodes.push({
    op: 'Flatten',
    name: 'flatten',
    inputs: ['pooled'],
    outputs: ['flat'],
    attrs: { axis: { i: 1 } },
  });
  const fcW = param('fc.weight', [1000, 2048], Math.sqrt(6 / 2048));
  const fcB = param('fc.bias', [1000], 0.05);
  nodes.push({
    op: 'Gemm',
    name: 'fc',
    inputs: ['flat', fcW, fcB],
    outputs: ['logits'],
    attrs: { transB: { i: 1 } },
  });
  return encodeModel({
    nodes,
    inputs: [{ name: 'input', shape: ['batch', 3, 224, 224] }],
    outputs: [{ name: 'logits', shape: ['batch', 1000] }],
    initializers,
  });
}

/** Seeded uniform values in [-scale, scale) (a 32-bit LCG: fast for 25 M weights). */
function uniform(n: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  let state = (seed * 2654435761) >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2147483648 - 1) * scale;
  }
  return out;
}
