import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../../core/test/helpers/required-resource';
import { renderReportBook } from '../src';
import type { ReportBook } from '../src/report';
import { CHROMIUM_BROWSER, HAVE_CHROMIUM, launchChromium, SKIPPED } from './helpers/chromium';
import { sampleCaptionReport, sampleVqaReport } from './helpers/sample-report';

async function sampleBook(): Promise<ReportBook> {
  return {
    meta: { title: 'a run', subtitle: 'two scenes', details: { seed: '1' }, command: 'gradcam demo' },
    tables: [{ caption: 'pointing game', columns: ['task', 'hits'], rows: [['words', '3/4']] }],
    sections: [
      { ...(await sampleCaptionReport()), group: 'scene 1' },
      { ...(await sampleVqaReport()), group: 'scene 1' },
      { ...(await sampleCaptionReport()), group: 'scene 2' },
    ],
  };
}

describe('renderReportBook: several reports on one page', () => {
  it('prefixes every id by section, lists the sections by group, and prints the tables', async () => {
    const html = await renderReportBook(await sampleBook());
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const k of [0, 1, 2]) {
      expect(ids).toContain(`s${k}`);
      expect(ids).toContain(`s${k}-overlay`);
      expect(ids).toContain(`s${k}-gradcam-data`);
    }
    expect(html.match(/<main>/g)).toBeNull();
    expect(html).toContain('<h2 id="g0">scene 1</h2>');
    expect(html).toContain('<h2 id="g1">scene 2</h2>');
    expect(html).toContain('<caption>pointing game</caption>');
    expect(html).toContain('<td>3/4</td>');
    expect(html.match(/<a href="#s\d">/g)).toHaveLength(3);
  });

  it('names the section whose data is wrong', async () => {
    const book = await sampleBook();
    book.sections[1] = { ...book.sections[1], panels: [] };
    await expect(renderReportBook(book)).rejects.toThrow(/section 1 .*at least one panel/);
    await expect(renderReportBook({ ...book, sections: [] })).rejects.toThrow(/at least one section/);
  });
});

describe(`a report book in a browser (headless Chromium, file://)${SKIPPED}`, () => {
  let context: BrowserContext;
  let closeBrowser: (() => Promise<void>) | undefined;
  let dir: string;
  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    dir = mkdtempSync(join(tmpdir(), 'gradcam-book-'));
    ({ context, close: closeBrowser } = await launchChromium());
  });
  afterAll(async () => {
    await closeBrowser?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skipWithout(CHROMIUM_BROWSER))(
    'each section selects on its own; the arrows move in the section last used',
    async () => {
      const file = join(dir, 'book.html');
      writeFileSync(file, await renderReportBook(await sampleBook()));
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      type Book = { sections: { selected: number; panels: { overlay: string }[] }[]; active: number };
      const state = () => page.evaluate(() => (window as unknown as { gradcamReport: Book }).gradcamReport);
      expect((await state()).sections.map((s) => s.selected)).toEqual([0, 0, 0]);
      await page.click('#s2-panel-4');
      let book = await state();
      expect(book.sections.map((s) => s.selected)).toEqual([0, 0, 4]);
      expect(book.active).toBe(2);
      expect(await page.getAttribute('#s2-overlay', 'src')).toBe(book.sections[2].panels[4].overlay);
      expect(await page.getAttribute('#s0-overlay', 'src')).toBe(book.sections[0].panels[0].overlay);
      await page.keyboard.press('ArrowRight');
      await page.click('#s1-panel-1');
      await page.keyboard.press('Home');
      book = await state();
      expect(book.sections.map((s) => s.selected)).toEqual([0, 0, 5]);
      expect(errors).toEqual([]);
      expect(requests.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(true);
    },
  );
});
