import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { launchChromium } from '../../../../render/test/helpers/chromium';
import type { WebglRun } from './webgl-page';

export type { WebglRun } from './webgl-page';

const PAGE_ENTRY = fileURLToPath(new URL('./webgl-page.ts', import.meta.url));

/**
 * SwiftShader, named rather than left to Chromium's fallback: the same float32 software renderer
 * on every machine (CI has no GPU), and still there when Chromium stops falling back by itself.
 */
const SWIFTSHADER = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

// A guard against a hung page, not a benchmark: alone the run takes about 55 s (bundle 3 s, launch
// 1 s, 264 cases twice), and CI runs other test files beside it on two cores.
const TIME_LIMIT_MS = 180_000;

/** The cases, the runner and TF.js with its WebGL backend as one classic script. */
async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: PAGE_ENTRY, formats: ['iife'], name: 'gradientConformance' },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  const chunk = outputs[0].output.find((o) => o.type === 'chunk');
  if (!chunk) throw new Error('vite produced no script for the WebGL conformance page');
  return chunk.code;
}

function withinTimeLimit<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the WebGL conformance run took over ${TIME_LIMIT_MS / 1000} s`)),
      TIME_LIMIT_MS,
    );
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

type Browser = Awaited<ReturnType<typeof launchChromium>>;

async function runInPage(browser: Browser, script: string): Promise<WebglRun> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><title>gradient conformance on WebGL</title>');
  await page.addScriptTag({ content: script });
  if (errors.length > 0) throw new Error(`the conformance page failed to load: ${errors.join('; ')}`);
  const run = () =>
    (globalThis as unknown as { runWebglConformance: () => Promise<WebglRun> }).runWebglConformance();
  return page.evaluate(run);
}

/** Every conformance case on TF.js's WebGL backend in headless Chromium, stock and with our fixes. */
export async function runWebglInChromium(): Promise<WebglRun> {
  const browser = await launchChromium(SWIFTSHADER);
  try {
    return await withinTimeLimit(bundle().then((script) => runInPage(browser, script)));
  } finally {
    await browser.close();
  }
}
