import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELD_OUT } from '../src/demo/held-out-figures';

const EVAL = readFileSync(new URL('../../../docs/eval.md', import.meta.url), 'utf8');

/** A cell of docs/eval.md's "Targets (Grad-CAM)" table: the measured column of `model`'s `check` row. */
function measured(model: string, check: string): string {
  const row = EVAL.split('\n').find((l) => l.startsWith(`| ${model} | ${check}`));
  if (!row) throw new Error(`docs/eval.md has no row "${model} | ${check}"`);
  return row.split('|')[4].trim();
}
const percent = (text: string, pattern: RegExp) => Number(text.match(pattern)?.[1]) / 100;

describe('the held-out figures the demo page shows are those of docs/eval.md', () => {
  const tasks = { classifier: 'classifier classes', captioner: 'caption words', vqa: 'VQA answers' };
  for (const [model, task] of Object.entries(tasks)) {
    it(`${model}: Grad-CAM and centre prior, strict and within 4 px`, () => {
      const strict = measured(model, 'Grad-CAM pointing game (strict');
      const minusCentre = measured(model, 'Grad-CAM pointing minus centre');
      const near = measured(model, 'Grad-CAM pointing game within 4 px');
      const figure = HELD_OUT[task];
      expect(figure.gradcam.inside).toBeCloseTo(percent(strict, /^([\d.]+)%/), 6);
      expect(figure.centre.inside).toBeCloseTo(percent(minusCentre, /centre ([\d.]+)%/), 6);
      expect(figure.gradcam.near).toBeCloseTo(percent(near, /^([\d.]+)%/), 6);
      expect(figure.centre.near).toBeCloseTo(percent(near, /centre ([\d.]+)%/), 6);
    });
  }
});
