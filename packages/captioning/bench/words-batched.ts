/**
 * `pnpm bench` (captioning): the per-word maps of a 12-word caption from one batched engine call
 * (the 12 words are 12 rows of one backward pass), against 12 separate single-word explanations,
 * and against the one whole-caption map. A small random encoder (64x64, three stride-2 ReLU
 * convolutions of 16, 32, 64 filters) and a Show-and-Tell decoder, on the WASM backend, batch 1.
 * Every ratio is measured in this one run; absolute times depend on the machine.
 */

import { captionAdapter, explainCaption, referenceCaptioner } from '@gradcam/captioning';
import { captionTarget, explain, selectBackend, wordTarget } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';

const WORDS = [
  'a',
  'red',
  'blue',
  'green',
  'circle',
  'square',
  'triangle',
  'above',
  'below',
  'of',
  'the',
  'and',
];
const CAPTION = 'red circle above blue square and green triangle below the blue square';
const RUNS = 7;

async function median(runs: number, f: () => Promise<void>): Promise<number> {
  await f(); // warm-up: kernel setup, first allocations
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main() {
  const backend = await selectBackend('wasm');
  const captioner = referenceCaptioner({
    vocabulary: WORDS,
    imageSize: [64, 64],
    filters: [16, 32, 64],
    seed: 3,
  });
  const image = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
  const ids = captioner.vocabulary.tokenize(CAPTION).ids;
  if (ids.length !== 12) throw new Error(`the caption has ${ids.length} words, not 12`);
  const adapter = captionAdapter(captioner, { tokens: ids });
  const words = ids.map((_, t) => wordTarget(t));
  const before = tf.memory().numTensors;

  const batched = await median(RUNS, async () => {
    const r = await explain(adapter, image, words);
    if (r.maps.length !== 12 || r.passes.count !== 1) throw new Error('expected 12 maps from one pass');
  });
  const separate = await median(RUNS, async () => {
    for (const w of words) await explain(adapter, image, w);
  });
  const caption = await median(RUNS, async () => {
    await explain(adapter, image, captionTarget());
  });
  // For reference: the full explainCaption call (12 word maps + the caption map + scoring).
  const full = await median(RUNS, async () => {
    await explainCaption(captioner, image, { caption: CAPTION });
  });
  if (tf.memory().numTensors !== before) throw new Error('tensors leaked');

  console.log(
    `12-word caption, random 64x64 encoder (conv 16-32-64) + Show-and-Tell decoder, layer '${adapter.layer}', backend ${backend.name}, median of ${RUNS} runs after a warm-up\n`,
  );
  console.log('| what | time | batched / this |');
  console.log('| --- | --- | --- |');
  console.log(`| 12 word maps, one batched explain() call | ${fmt(batched)} | 1.00x |`);
  console.log(
    `| 12 word maps, 12 separate explain() calls | ${fmt(separate)} | ${(batched / separate).toFixed(2)}x |`,
  );
  console.log(`| 1 whole-caption map | ${fmt(caption)} | ${(batched / caption).toFixed(2)}x |`);
  console.log(
    `| explainCaption (12 words + caption map + scores) | ${fmt(full)} | ${(batched / full).toFixed(2)}x |`,
  );
  console.log(
    `\nbatched / separate: ${(batched / separate).toFixed(2)} (batching is ${(separate / batched).toFixed(1)}x faster)`,
  );
  console.log(`batched / caption: ${(batched / caption).toFixed(2)}`);
  image.dispose();
  captioner.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
