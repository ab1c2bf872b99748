import type { OnnxModel } from '@gradcam/onnx';
import { attend, geluErf, layerNorm, linear, mergeHeads, splitHeads } from './blocks';
import { GraphBuilder } from './graph-builder';
import type { Random } from './random';
import type { TinyCaptionerConfig } from './tiny-config';

/** Name of layer `i`'s output (the residual sum closing the block), as HF's ViT export names it. */
export const encoderLayerOutput = (i: number) => `/encoder/layer.${i}/output/Add_output_0`;

/**
 * A ViT encoder as `encoder_model.onnx`: patch convolution, a class token, learned positions,
 * pre-norm blocks (attention, GELU MLP), final LayerNorm. In: `pixel_values [batch, 3, H, W]`;
 * out: `last_hidden_state [batch, 1 + patches, hidden]`.
 */
export function vitEncoder(config: TinyCaptionerConfig, random: Random): OnnxModel {
  const b = new GraphBuilder(random, config.opset);
  const { hidden: d, heads, imageSize, patchSize } = config;
  const grid = imageSize / patchSize;
  const tokens = 1 + grid * grid;
  const headDim = d / heads;

  const patches = b.op(
    'Conv',
    [
      'pixel_values',
      b.weight(
        'embeddings.patch_embeddings.projection.weight',
        [d, 3, patchSize, patchSize],
        1 / Math.sqrt(3 * patchSize ** 2),
      ),
      b.weight('embeddings.patch_embeddings.projection.bias', [d], 0.02),
    ],
    '/embeddings/patch_embeddings/projection/Conv',
    { kernel_shape: [patchSize, patchSize], strides: [patchSize, patchSize] },
  );
  const flat = b.op('Reshape', [patches, b.ints([0, d, -1])], '/embeddings/patch_embeddings/Reshape');
  const sequence = b.op('Transpose', [flat], '/embeddings/patch_embeddings/Transpose', { perm: [0, 2, 1] });
  // The class token follows the batch of the input, as the export spells it: Expand to [batch, 1, d].
  const batch = b.op(
    'Gather',
    [b.op('Shape', ['pixel_values'], '/embeddings/Shape'), b.ints([0], true)],
    '/embeddings/Gather',
    { axis: 0 },
  );
  const clsShape = b.op(
    'Concat',
    [b.op('Unsqueeze', [batch, b.ints([0])], '/embeddings/Unsqueeze'), b.ints([1, d])],
    '/embeddings/Concat',
    { axis: 0 },
  );
  const cls = b.op(
    'Expand',
    [b.weight('embeddings.cls_token', [1, 1, d], 1), clsShape],
    '/embeddings/Expand',
  );
  const joined = b.op('Concat', [cls, sequence], '/embeddings/Concat_1', { axis: 1 });
  let h = b.op(
    'Add',
    [joined, b.weight('embeddings.position_embeddings', [1, tokens, d], 0.5)],
    '/embeddings/Add',
  );

  for (let i = 0; i < config.encoderLayers; i++) {
    const p = `/encoder/layer.${i}`;
    const x = layerNorm(b, `${p}/layernorm_before`, h, d, 1e-12);
    const q = splitHeads(
      b,
      `${p}/attention/query_heads`,
      linear(b, `${p}/attention/query`, x, [d, d]),
      heads,
      headDim,
    );
    const k = splitHeads(
      b,
      `${p}/attention/key_heads`,
      linear(b, `${p}/attention/key`, x, [d, d]),
      heads,
      headDim,
    );
    const v = splitHeads(
      b,
      `${p}/attention/value_heads`,
      linear(b, `${p}/attention/value`, x, [d, d]),
      heads,
      headDim,
    );
    const context = mergeHeads(b, `${p}/attention/merge`, attend(b, `${p}/attention`, q, k, v, headDim), d);
    const attended = b.op('Add', [linear(b, `${p}/attention/output/dense`, context, [d, d]), h], `${p}/Add`);
    const y = layerNorm(b, `${p}/layernorm_after`, attended, d, 1e-12);
    const inner = geluErf(b, `${p}/intermediate/gelu`, linear(b, `${p}/intermediate/dense`, y, [d, 2 * d]));
    h = b.node('Add', [linear(b, `${p}/output/dense`, inner, [2 * d, d]), attended], {
      name: `${p}/output/Add`,
      outputs: [encoderLayerOutput(i)],
    })[0];
  }
  const last = layerNorm(b, '/layernorm', h, d, 1e-12);
  b.node('Identity', [last], { name: '/last_hidden_state', outputs: ['last_hidden_state'] });
  return b.model(
    [{ name: 'pixel_values', dataType: 'float32', shape: ['batch_size', 3, imageSize, imageSize] }],
    [{ name: 'last_hidden_state', dataType: 'float32', shape: ['batch_size', tokens, d] }],
  );
}
