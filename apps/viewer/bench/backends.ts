/**
 * Explanation time in the browser per TF.js backend, in one run: the viewer built and served on
 * loopback, headless Debian Chromium, the reference classifier on scene 10 (four classes, one
 * engine call) and, when committed, the captioner (every word and the whole caption in one call;
 * WASM and CPU only). Prints medians and the ratios to WASM.
 * `pnpm bench` at the root, or `npx tsx bench/backends.ts` here.
 */
import type { Page } from 'playwright-core';
import { HAVE_CHROMIUM, launchChromium } from '../test/helpers/browser';
import { pageState, settled } from '../test/helpers/page-state';
import { HAVE_CAPTIONER } from '../test/helpers/reference-models';
import { startViewer } from '../test/helpers/server';

const REPEATS = 7;
const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
/** A caption's explanation takes tens of seconds on SwiftShader: the caption runs on these only. */
const CAPTION_BACKENDS = ['wasm', 'cpu'] as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Times of REPEATS explanations after a warm-up one, alternating two methods so each is a new run. */
async function time(page: Page): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= REPEATS; i++) {
    const { runs } = await pageState(page);
    await page.selectOption('#method', i % 2 === 0 ? 'gradcampp' : 'gradcam');
    const state = await settled(page, runs);
    const ms = Number(/in (\d+) ms/.exec((await page.textContent('#busy')) ?? '')?.[1]);
    if (state.error) throw new Error(state.error);
    if (i > 0) times.push(ms);
  }
  return times;
}

async function main(): Promise<void> {
  if (!HAVE_CHROMIUM) {
    console.log('viewer bench skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');
    return;
  }
  const [server, browser] = await Promise.all([startViewer(), launchChromium()]);
  try {
    const tabs = HAVE_CAPTIONER ? (['classes', 'caption'] as const) : (['classes'] as const);
    for (const tab of tabs) {
      const medians: Record<string, number> = {};
      const backends = tab === 'classes' ? BACKENDS : CAPTION_BACKENDS;
      for (const backend of backends) {
        const page = await browser.context.newPage();
        await page.goto(`${server.url}?seed=10&tab=${tab}&backend=${backend}`);
        const first = await settled(page, 0);
        if (first.backend.name !== backend)
          throw new Error(`asked for ${backend}, got ${first.backend.name}`);
        medians[backend] = median(await time(page));
        await page.close();
      }
      const line = backends
        .map((b) => `${b} ${medians[b]} ms (${(medians[b] / medians.wasm).toFixed(2)}x wasm)`)
        .join(', ');
      console.log(
        `viewer ${tab === 'classes' ? 'classifier, 4 classes' : 'caption, every word'} at 64x64, median of ${REPEATS}: ${line}`,
      );
    }
    console.log(
      '(webgl here is whatever this Chromium renders WebGL with; headless, that is SwiftShader on the CPU)',
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
