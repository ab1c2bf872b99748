import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../../core/test/helpers/required-resource';
import { renderReport } from '../src';
import type { ReportInput } from '../src/report';
import { CHROMIUM_BROWSER, HAVE_CHROMIUM, launchChromium, SKIPPED } from './helpers/chromium';
import { sampleCaptionReport, sampleVqaReport } from './helpers/sample-report';

/** Screenshots for people to look at; the folder is gitignored. */
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

interface PageReport {
  panels: {
    label: string;
    overlay: string;
    maps: Record<string, string>;
    counterfactual: Record<string, string>;
  }[];
  selected: number;
  method: string;
}

let context: BrowserContext;
let closeBrowser: (() => Promise<void>) | undefined;
let files: string;

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  files = mkdtempSync(join(tmpdir(), 'gradcam-report-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  ({ context, close: closeBrowser } = await launchChromium());
});

afterAll(async () => {
  await closeBrowser?.();
  if (files) rmSync(files, { recursive: true, force: true });
});

/** Writes the report to a file, opens it from file://, and records what the page fetched or threw. */
async function openReport(input: ReportInput, name: string) {
  const file = join(files, `${name}.html`);
  writeFileSync(file, await renderReport(input));
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).href);
  return { page, requests, errors };
}

const report = (page: Page) =>
  page.evaluate(() => (window as unknown as { gradcamReport: PageReport }).gradcamReport);
const overlay = (page: Page) =>
  page.$eval('#overlay', (img) => ({ src: img.getAttribute('src'), panel: img.getAttribute('data-panel') }));

describe(`the report in a browser (headless Chromium, file://)${SKIPPED}`, () => {
  it.skipIf(skipWithout(CHROMIUM_BROWSER))(
    'a click, the arrows, Tab and hover move the map; the page fetches nothing',
    async () => {
      const { page, requests, errors } = await openReport(await sampleCaptionReport(), 'caption');
      const start = await report(page);
      expect(start.panels.map((p) => p.label)).toEqual([
        'a',
        'red',
        'circle',
        '<unk>',
        'blue',
        'square',
        'whole caption',
      ]);
      expect(start.selected).toBe(0);
      expect(await overlay(page)).toEqual({ src: start.panels[0].overlay, panel: '0' });

      await page.click('#panel-1');
      const { panels, selected } = await report(page);
      expect(selected).toBe(1);
      expect(await overlay(page)).toEqual({ src: panels[1].overlay, panel: '1' });
      expect(panels[1].overlay).toMatch(/^data:image\/png;base64,/);
      expect(panels[1].overlay).not.toBe(panels[0].overlay);
      expect(await page.getAttribute('#panel-1', 'aria-pressed')).toBe('true');
      expect(await page.getAttribute('#panel-0', 'aria-pressed')).toBe('false');
      expect(await page.textContent('#status')).toContain('“red” (map 2 of 7');
      expect(await page.isVisible('#detail-1')).toBe(true);
      expect(await page.isVisible('#detail-0')).toBe(false);
      expect(await page.getAttribute('#counterfactual', 'src')).toBe(panels[1].counterfactual.gradcam);
      await page.screenshot({ path: join(ARTIFACTS, 'report-caption-word-2.png'), fullPage: true });

      await page.keyboard.press('ArrowRight');
      expect((await report(page)).selected).toBe(2);
      expect(await overlay(page)).toEqual({ src: panels[2].overlay, panel: '2' });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('panel-2');
      await page.keyboard.press('Tab');
      expect((await report(page)).selected).toBe(3);
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Enter');
      expect((await report(page)).selected).toBe(2);
      await page.keyboard.press('End');
      expect((await report(page)).selected).toBe(6);
      await page.keyboard.press('ArrowRight');
      expect((await report(page)).selected).toBe(6);
      await page.keyboard.press('Home');
      expect((await report(page)).selected).toBe(0);

      // Hovering previews a word's map; leaving goes back to the selected one.
      await page.hover('#panel-4');
      expect(await overlay(page)).toEqual({ src: panels[4].overlay, panel: '4' });
      expect((await report(page)).selected).toBe(0);
      await page.mouse.move(5, 5);
      expect(await overlay(page)).toEqual({ src: panels[0].overlay, panel: '0' });

      // Another method: the overlay shows it; there is no counterfactual of it, so that figure hides.
      await page.click('#methods [data-method="gradcampp"]');
      expect((await report(page)).method).toBe('gradcampp');
      expect((await overlay(page)).src).toBe(panels[0].maps.gradcampp);
      expect(await page.isVisible('#counterfactual-figure')).toBe(false);
      // A map in the comparison grid selects its word and method.
      await page.click('#gallery img[data-kind="map"][data-panel="5"][data-method="gradcam"]');
      expect((await report(page)).selected).toBe(5);
      expect((await overlay(page)).src).toBe(panels[5].maps.gradcam);
      expect(await page.isVisible('#counterfactual-figure')).toBe(true);

      expect(errors).toEqual([]);
      expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
      await page.close();
    },
  );

  it.skipIf(skipWithout(CHROMIUM_BROWSER))('a VQA report: answers and their question words', async () => {
    const { page, errors } = await openReport(await sampleVqaReport(), 'vqa');
    await page.click('#panel-1');
    const { panels, selected } = await report(page);
    expect(selected).toBe(1);
    expect(await overlay(page)).toEqual({ src: panels[1].overlay, panel: '1' });
    expect(await page.isVisible('#detail-1 .chips')).toBe(true);
    expect(await page.$$eval('#detail-1 .chip[title]', (chips) => chips.map((c) => c.textContent))).toEqual([
      'what',
      'color',
      'is',
      'the',
      'circle',
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-vqa-answer-2.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
