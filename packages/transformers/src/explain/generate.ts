import type { TjsTensor } from '../model-dir/library';
import type { ImageCaptioner } from '../model-dir/load-captioner';

export interface GeneratedIds {
  /** The caption's token ids, without the start token and the end token. */
  tokens: number[];
  /** Everything transformers.js returned for the image: start token, caption, end token if reached. */
  sequence: number[];
  /** Whether the model ended the caption itself (rather than at maxLength). */
  finished: boolean;
}

/**
 * The caption transformers.js writes for `pixelValues` (greedy: its default generation), on
 * onnxruntime. v2 takes `generate(inputs, config)`, v3 `generate({ inputs, ...config })`.
 */
export async function generateIds(
  captioner: ImageCaptioner,
  pixelValues: TjsTensor,
  maxLength: number | undefined,
): Promise<GeneratedIds> {
  const { model, library, modelDir } = captioner;
  const config = { do_sample: false, num_beams: 1, ...(maxLength ? { max_length: maxLength } : {}) };
  const out =
    library.major >= 3
      ? await model.generate({ inputs: pixelValues, ...config })
      : await model.generate(pixelValues, config);
  const rows = 'tolist' in out ? (out as { tolist(): unknown[][] }).tolist() : (out as unknown[][]);
  const sequence = rows[0].map(Number);
  const body = sequence[0] === modelDir.startToken ? sequence.slice(1) : sequence;
  const end = body.indexOf(modelDir.endToken);
  return {
    tokens: end >= 0 ? body.slice(0, end) : body,
    sequence,
    finished: end >= 0,
  };
}
