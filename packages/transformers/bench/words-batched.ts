/**
 * `pnpm bench` (transformers): the per-word maps of a 12-token caption of the tiny ViT-GPT2
 * (writeTinyCaptioner, 32x32 images, 2+2 layers of width 32) from one batched engine call (12 rows
 * of one backward pass through the imported encoder and decoder), against 12 separate single-word
 * explanations; and transformers.js's own greedy generation of the caption on onnxruntime, for
 * scale. WASM backend, batch 1, medians of 7 runs after a warm-up. Ratios are measured in this one
 * run; absolute times depend on the machine.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captionTarget, explain, selectBackend, wordTarget } from '@gradcam/core';
import {
  generateIds,
  listEncoderLayers,
  loadImageCaptioner,
  preprocess,
  transformerCaptionAdapter,
} from '@gradcam/transformers';
import * as tf from '@tensorflow/tfjs-core';
import { writeTinyCaptioner } from '../test/helpers/tiny/write-tiny-captioner';

const RUNS = 7;
const CAPTION = 'a red circle above a blue square next to the green star';

async function median(f: () => Promise<unknown>): Promise<number> {
  await f();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main() {
  const backend = await selectBackend('wasm');
  const root = await mkdtemp(join(tmpdir(), 'gradcam-bench-'));
  const captioner = await loadImageCaptioner(await writeTinyCaptioner(join(root, 'tiny')));
  try {
    const picture = {
      data: new Uint8Array(48 * 40 * 3).map((_, i) => (i * 37) % 256),
      width: 48,
      height: 40,
    };
    const { pixelValues } = await preprocess(captioner, picture);
    const pixels = tf.tensor4d(
      Float32Array.from(pixelValues.data as ArrayLike<number>),
      pixelValues.dims as [number, number, number, number],
    );
    const ids = captioner.tokenizer.encode(CAPTION) as number[];
    if (ids.length !== 12) throw new Error(`the caption has ${ids.length} tokens, not 12`);
    const adapter = transformerCaptionAdapter(captioner, listEncoderLayers(captioner), { tokens: ids });
    const words = ids.map((_, t) => wordTarget(t));
    // The first pass keeps tensors derived from constants with the models; count after it.
    await explain(adapter, pixels, words);
    const before = tf.memory().numTensors;
    const batched = await median(() => explain(adapter, pixels, words));
    const separate = await median(async () => {
      for (const w of words) await explain(adapter, pixels, [w]);
    });
    const caption = await median(() => explain(adapter, pixels, [captionTarget()]));
    const generation = await median(() => generateIds(captioner, pixelValues, undefined));
    if (tf.memory().numTensors !== before) throw new Error('tensors leaked during the benchmark');
    pixels.dispose();
    console.log(
      `backend ${backend.name}; transformers.js: ${captioner.library.name}; 12-token caption, medians of ${RUNS}`,
    );
    console.log(`12 word maps, one engine call:     ${batched.toFixed(1)} ms`);
    console.log(
      `12 word maps, 12 separate calls:   ${separate.toFixed(1)} ms  (${(separate / batched).toFixed(2)}x the batched call)`,
    );
    console.log(
      `whole-caption map alone:           ${caption.toFixed(1)} ms  (batched 12 words = ${(batched / caption).toFixed(2)}x this)`,
    );
    console.log(`transformers.js greedy generation: ${generation.toFixed(1)} ms`);
  } finally {
    await captioner.dispose();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
