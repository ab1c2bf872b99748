import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { HAVE_CHROMIUM, launchChromium } from './browser';
import { type PageState, pageState, settled } from './page-state';
import { startViewer } from './server';

/** Screenshots for people to look at; the folder is gitignored. */
export const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));

export interface ViewerSession {
  open(query: string, before?: (page: Page) => Promise<unknown>): Promise<Opened>;
  /** A blank page of the session's browser (for files opened from disk). */
  newPage(): Promise<Page>;
}

export interface Opened {
  page: Page;
  /** Page errors, console errors and failed requests, as they happen. */
  errors: string[];
  state: PageState;
}

/**
 * One fresh build of the viewer served on a loopback port and one headless Chromium for the test
 * file (started in beforeAll, stopped in afterAll).
 */
export function useViewer(): ViewerSession {
  let server: Awaited<ReturnType<typeof startViewer>> | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startViewer(), launchChromium()]);
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the viewer with the query and waits for its first explanation. */
  async function open(query: string, before?: (page: Page) => Promise<unknown>): Promise<Opened> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    await before?.(page);
    await page.goto(`${server!.url}?${query}`);
    const state = await settled(page, 0);
    return { page, errors, state };
  }

  return { open, newPage: () => context.newPage() };
}

/** Clicks a class or answer button by its label and reads the page. */
export async function choose(page: Page, list: string, label: string): Promise<PageState> {
  await page.click(`#${list} button:has(> .label:text-is("${label}"))`);
  return pageState(page);
}

/** Clicks the panel button with this index (a word of the caption) and reads the page. */
export async function choosePanel(page: Page, list: string, index: number): Promise<PageState> {
  await page.click(`#${list} button[data-panel="${index}"]`);
  return pageState(page);
}

/** Does something that starts an explanation and waits for it to finish. */
export async function change(page: Page, act: () => Promise<unknown>): Promise<PageState> {
  const { runs } = await pageState(page);
  await act();
  return settled(page, runs);
}
