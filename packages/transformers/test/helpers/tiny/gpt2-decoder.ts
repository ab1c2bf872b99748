import type { OnnxModel, OnnxValueInfo } from '@gradcam/onnx';
import { attend, geluTanh, layerNorm, linear, mergeHeads, splitHeads } from './blocks';
import { GraphBuilder } from './graph-builder';
import type { Random } from './random';
import { type TinyCaptionerConfig, vocabularyOf } from './tiny-config';

/**
 * A GPT-2 decoder with cross-attention to the encoder, as transformers.js runs it:
 * in `input_ids [batch, seq]` (int64), `encoder_hidden_states [batch, tokens, hidden]` and, with
 * `withPast`, `past_key_values.<i>.key|value [batch, heads, past, d]` (empty on the first step);
 * out `logits [batch, seq, vocab]` and `present.<i>.key|value` (past and new keys/values).
 *
 * One graph serves both the first step and the cached ones (no `If` as in optimum's merged
 * export): positions start after the past, and the causal mask is `Trilu` of ones shifted by it.
 * `withPast: false` is `decoder_model.onnx`, the whole sequence at once.
 */
export function gpt2Decoder(config: TinyCaptionerConfig, random: Random, withPast: boolean): OnnxModel {
  const b = new GraphBuilder(random, config.opset);
  const { hidden: d, heads, decoderLayers } = config;
  const headDim = d / heads;
  const vocab = vocabularyOf(config).length;
  const positions = 2 * config.maxLength;

  const shapeOf = (x: string, axis: number, name: string) =>
    b.op('Gather', [b.op('Shape', [x], `${name}/Shape`), b.ints([axis], true)], `${name}/Gather`, {
      axis: 0,
    });
  const seq = shapeOf('input_ids', 1, '/seq_len');
  const past = withPast ? shapeOf('past_key_values.0.key', 2, '/past_len') : b.ints([0], true);
  const total = b.op('Add', [past, seq], '/total_len');
  const positionIds = b.op('Range', [past, total, b.ints([1], true)], '/position_ids/Range');

  const wte = b.weight('transformer.wte.weight', [vocab, d], 1);
  const tokens = b.op('Gather', [wte, 'input_ids'], '/wte/Gather', { axis: 0 });
  const place = b.op(
    'Gather',
    [b.weight('transformer.wpe.weight', [positions, d], 0.3), positionIds],
    '/wpe/Gather',
    {
      axis: 0,
    },
  );
  let h = b.op('Add', [tokens, place], '/embeddings/Add');

  // Query i (at position past + i) sees keys 0..past+i: the lower triangle of [seq, total] shifted by past.
  const maskShape = b.op(
    'Concat',
    [
      b.op('Unsqueeze', [seq, b.ints([0])], '/mask/Unsqueeze'),
      b.op('Unsqueeze', [total, b.ints([0])], '/mask/Unsqueeze_1'),
    ],
    '/mask/Concat',
    { axis: 0 },
  );
  const ones = b.op('ConstantOfShape', [maskShape], '/mask/ConstantOfShape', {
    value: { tensor: { name: 'one', dims: [1], dataType: 'float32', data: Float32Array.of(1) } },
  });
  const lower = b.op('Trilu', [ones, past], '/mask/Trilu', { upper: 0 });
  const causal = b.op('Cast', [lower], '/mask/Cast', { to: 9 });

  const outputs: OnnxValueInfo[] = [
    { name: 'logits', dataType: 'float32', shape: ['batch_size', 'sequence_length', vocab] },
  ];
  const inputs: OnnxValueInfo[] = [
    { name: 'input_ids', dataType: 'int64', shape: ['batch_size', 'sequence_length'] },
    {
      name: 'encoder_hidden_states',
      dataType: 'float32',
      shape: ['batch_size', 'encoder_sequence_length', d],
    },
  ];
  const cacheShape = (what: string) => ['batch_size', heads, what, headDim];
  for (let i = 0; i < decoderLayers; i++) {
    const p = `/h.${i}`;
    const x = layerNorm(b, `${p}/ln_1`, h, d, 1e-5);
    const qkv = linear(b, `${p}/attn/c_attn`, x, [d, 3 * d]);
    const [q, k, v] = b.node('Split', [qkv, b.ints([d, d, d])], {
      name: `${p}/attn/Split`,
      attrs: { axis: 2 },
      outputs: 3,
    });
    let keys = splitHeads(b, `${p}/attn/key_heads`, k, heads, headDim);
    let values = splitHeads(b, `${p}/attn/value_heads`, v, heads, headDim);
    if (withPast) {
      for (const kind of ['key', 'value']) {
        inputs.push({
          name: `past_key_values.${i}.${kind}`,
          dataType: 'float32',
          shape: cacheShape('past_sequence_length'),
        });
      }
      keys = b.op('Concat', [`past_key_values.${i}.key`, keys], `${p}/attn/Concat`, { axis: 2 });
      values = b.op('Concat', [`past_key_values.${i}.value`, values], `${p}/attn/Concat_1`, { axis: 2 });
    }
    b.node('Identity', [keys], { name: `${p}/present_key`, outputs: [`present.${i}.key`] });
    b.node('Identity', [values], { name: `${p}/present_value`, outputs: [`present.${i}.value`] });
    for (const kind of ['key', 'value']) {
      outputs.push({
        name: `present.${i}.${kind}`,
        dataType: 'float32',
        shape: cacheShape('total_sequence_length'),
      });
    }
    const qh = splitHeads(b, `${p}/attn/query_heads`, q, heads, headDim);
    const selfContext = mergeHeads(
      b,
      `${p}/attn/merge`,
      attend(b, `${p}/attn`, qh, keys, values, headDim, causal),
      d,
    );
    h = b.op('Add', [linear(b, `${p}/attn/c_proj`, selfContext, [d, d]), h], `${p}/Add`);

    const c = layerNorm(b, `${p}/ln_cross_attn`, h, d, 1e-5);
    const cq = splitHeads(
      b,
      `${p}/crossattention/query_heads`,
      linear(b, `${p}/crossattention/q_attn`, c, [d, d]),
      heads,
      headDim,
    );
    const ckv = linear(b, `${p}/crossattention/c_attn`, 'encoder_hidden_states', [d, 2 * d], 2);
    const [ck, cv] = b.node('Split', [ckv, b.ints([d, d])], {
      name: `${p}/crossattention/Split`,
      attrs: { axis: 2 },
      outputs: 2,
    });
    const crossContext = attend(
      b,
      `${p}/crossattention`,
      cq,
      splitHeads(b, `${p}/crossattention/key_heads`, ck, heads, headDim),
      splitHeads(b, `${p}/crossattention/value_heads`, cv, heads, headDim),
      headDim,
    );
    const cross = mergeHeads(b, `${p}/crossattention/merge`, crossContext, d);
    h = b.op('Add', [linear(b, `${p}/crossattention/c_proj`, cross, [d, d]), h], `${p}/Add_1`);

    const m = layerNorm(b, `${p}/ln_2`, h, d, 1e-5);
    const inner = geluTanh(b, `${p}/mlp/act`, linear(b, `${p}/mlp/c_fc`, m, [d, 4 * d]));
    h = b.op('Add', [linear(b, `${p}/mlp/c_proj`, inner, [4 * d, d]), h], `${p}/Add_2`);
  }
  const last = layerNorm(b, '/ln_f', h, d, 1e-5);
  // An untied head (tie_word_embeddings false): with random weights a tied one keeps repeating the input word.
  const head = b.weight('lm_head.weight', [d, vocab], 0.6);
  b.node('MatMul', [last, head], { name: '/lm_head/MatMul', outputs: ['logits'] });
  return b.model(inputs, outputs);
}
