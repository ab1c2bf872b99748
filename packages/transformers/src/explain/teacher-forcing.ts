import { GradcamError } from '@gradcam/core';
import type { OnnxExecutor } from '@gradcam/onnx';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelDir } from '../model-dir/read-model-dir';

const PAST = 'past_key_values.';

/**
 * Empty past keys and values `[rows, heads, 0, d]` for a decoder graph that takes them (the merged
 * export): with no past, it reads the whole sequence at once.
 */
function emptyPast(decoder: OnnxExecutor, modelDir: ModelDir, rows: number): Record<string, tf.Tensor> {
  const { decoder: config = {} } = modelDir.config;
  const heads = config.n_head ?? config.num_attention_heads ?? config.decoder_attention_heads;
  const width = config.n_embd ?? config.hidden_size ?? config.d_model;
  const feeds: Record<string, tf.Tensor> = {};
  for (const input of decoder.inputs) {
    if (!input.name.startsWith(PAST)) continue;
    const declared = input.shape ?? [];
    const h = typeof declared[1] === 'number' ? declared[1] : heads;
    const d = typeof declared[3] === 'number' ? declared[3] : width / heads;
    if (!Number.isInteger(h) || !Number.isInteger(d)) {
      throw new GradcamError(
        `decoder input ${input.name}: cannot tell its [batch, heads, past, d] shape from the graph or config.json (n_head, n_embd)`,
      );
    }
    feeds[input.name] = tf.zeros([rows, h, 0, d]);
  }
  return feeds;
}

/**
 * Every input the decoder graph declares, for the whole sequence at once: the token ids and encoder
 * states, empty past keys and values, all-ones attention masks, positions 0..T-1, no cache branch.
 * An input of another name is refused, named.
 */
function decoderFeeds(
  decoder: OnnxExecutor,
  modelDir: ModelDir,
  ids: tf.Tensor2D,
  states: tf.Tensor,
): Record<string, tf.Tensor> {
  const [rows, length] = ids.shape;
  const feeds: Record<string, tf.Tensor> = { input_ids: ids, encoder_hidden_states: states };
  const declared = decoder.inputs.map((i) => i.name);
  if (declared.some((name) => name.startsWith(PAST)))
    Object.assign(feeds, emptyPast(decoder, modelDir, rows));
  for (const name of declared) {
    if (name in feeds) continue;
    if (name === 'attention_mask' || name === 'decoder_attention_mask')
      feeds[name] = tf.ones([rows, length], 'int32');
    else if (name === 'encoder_attention_mask')
      feeds[name] = tf.ones([rows, states.shape[1] as number], 'int32');
    else if (name === 'position_ids')
      feeds[name] = tf.tile(tf.reshape(tf.range(0, length, 1, 'int32'), [1, length]), [rows, 1]);
    else if (name === 'use_cache_branch') feeds[name] = tf.tensor1d([false], 'bool');
    else {
      throw new GradcamError(
        `the decoder graph ${modelDir.decoderFile} takes an input '${name}' that teacher forcing does not know how to fill ` +
          '(it feeds input_ids, encoder_hidden_states, past_key_values.*, attention masks, position_ids, use_cache_branch)',
      );
    }
  }
  return feeds;
}

/**
 * `log p(target_t | inputs_<=t, encoder states)`, `[rows, T]`: the decoder teacher-forced on
 * `inputIds` `[rows, T]` (the start token, then the caption), scoring `targetIds` (the caption, then
 * the end token). Differentiable with respect to `encoderStates` `[rows, tokens, width]`.
 */
export function tokenLogProbs(
  decoder: OnnxExecutor,
  modelDir: ModelDir,
  encoderStates: tf.Tensor,
  inputIds: tf.Tensor2D,
  targetIds: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [logits] = decoder.run(decoderFeeds(decoder, modelDir, inputIds, encoderStates), ['logits']);
    const vocab = logits.shape[logits.rank - 1];
    const logp = tf.logSoftmax(logits);
    return tf.sum(tf.mul(logp, tf.oneHot(targetIds, vocab)), -1) as tf.Tensor2D;
  });
}

/** The decoder's logits `[1, T, vocab]` teacher-forced on `inputIds` (for checks and greedy comparison). */
export function teacherForcedLogits(
  decoder: OnnxExecutor,
  modelDir: ModelDir,
  encoderStates: tf.Tensor,
  inputIds: number[],
): tf.Tensor3D {
  return tf.tidy(() => {
    const ids = tf.tensor2d([inputIds], [1, inputIds.length], 'int32');
    return decoder.run(decoderFeeds(decoder, modelDir, ids, encoderStates), ['logits'])[0] as tf.Tensor3D;
  });
}
