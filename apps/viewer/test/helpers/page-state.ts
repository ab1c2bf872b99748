import type { Page } from 'playwright-core';

/** `window.__gradcam` as the page exposes it (src/app/expose.ts). */
export interface PageState {
  ready: boolean;
  backend: { name: string; skipped: { name: string; reason: string }[] };
  busy: boolean;
  runs: number;
  tensors: number;
  error?: string;
  tab: string;
  models: { classifier?: string; captioner: boolean; vqa: boolean; problems: string[] };
  scene?: {
    seed: number;
    width: number;
    height: number;
    objects: { color: string; shape: string; mask: number[] }[];
  };
  questions: { text: string; answer: string; objects: number[] }[];
  explained?: {
    kind: string;
    text?: string;
    method: string;
    layer: string;
    counterfactual: boolean;
    guided: boolean;
    backend: string;
    labels: string[];
    scores: (number | null)[];
    selected: number;
  };
  map?: { label: string; width: number; height: number; data: number[] };
  metrics?: { pointingHit: boolean; boxIoU: number };
  trueAnswer?: string;
}

export const pageState = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __gradcam: PageState }).__gradcam &&
      (JSON.parse(JSON.stringify((window as unknown as { __gradcam: PageState }).__gradcam)) as PageState),
  );

/** Waits until the page has finished more explanations than `after` and is idle, then reads it. */
export async function settled(page: Page, after: number): Promise<PageState> {
  await page.waitForFunction(
    (n) => {
      const s = (window as unknown as { __gradcam?: { runs: number; busy: boolean } }).__gradcam;
      return s !== undefined && s.runs > n && !s.busy;
    },
    after,
    { timeout: 60_000 },
  );
  return pageState(page);
}

/** Index of the largest value (the first, on ties). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
