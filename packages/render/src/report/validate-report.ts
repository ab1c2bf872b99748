import { assertImage } from '../validate';
import type { ReportInput } from './types';

const isPng = (bytes: unknown) => bytes instanceof Uint8Array && bytes.length > 0;

function assertPngs(record: Record<string, unknown> | undefined, what: string): void {
  if (record === undefined) return;
  if (record === null || typeof record !== 'object') throw new Error(`${what} must be { method: PNG bytes }`);
  for (const [method, png] of Object.entries(record)) {
    if (!isPng(png)) throw new Error(`${what}["${method}"] must be non-empty PNG bytes (a Uint8Array)`);
  }
}

/** Fails with the panel named, before any encoding, when the data cannot make a page. */
export function validateReport(input: ReportInput): void {
  if (!input || typeof input !== 'object') throw new Error('renderReport needs { image, panels, meta }');
  assertImage(input.image, 'report image');
  if (!Array.isArray(input.panels) || input.panels.length === 0) {
    throw new Error('a report needs at least one panel (a word, an answer or a class)');
  }
  if (!input.meta || typeof input.meta.title !== 'string') throw new Error('report meta needs a title');
  input.panels.forEach((panel, i) => {
    const what = `panel ${i} ("${panel?.label}")`;
    if (typeof panel?.label !== 'string') throw new Error(`panel ${i} needs a label (a string)`);
    if (!panel.maps || Object.keys(panel.maps).length === 0) {
      throw new Error(`${what} needs at least one map ({ method: PNG bytes })`);
    }
    assertPngs(panel.maps, `${what} maps`);
    assertPngs(panel.counterfactual, `${what} counterfactual`);
    for (const key of ['guided', 'guidedGradCam'] as const) {
      if (panel[key] !== undefined && !isPng(panel[key])) throw new Error(`${what} ${key} must be PNG bytes`);
    }
  });
}
