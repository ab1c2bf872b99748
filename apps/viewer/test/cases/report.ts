// The engine's package first: tfjs-core's chained ops and gradients for the Node-side explanations.
import '@gradcam/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { explainCaption, loadCaptioner } from '@gradcam/captioning';
import { selectBackend } from '@gradcam/core';
import { encodePng, overlayHeatmap, type ReportPanel, renderReport } from '@gradcam/render';
import { describeScene, generateScene, scenesToTensor } from '@gradcam/shapeworld';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { skipNote, skipWithout } from '../../../../packages/core/test/helpers/required-resource';
import { CHROMIUM_BROWSER, HAVE_CHROMIUM } from '../helpers/browser';
import { argmax } from '../helpers/page-state';
import { CAPTIONER_DIR, CAPTIONER_MODEL, HAVE_CAPTIONER } from '../helpers/reference-models';
import { ARTIFACTS, type ViewerSession } from '../helpers/viewer-session';

const SEED = 1;

const dataUri = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;

/** render's report of a scene's caption, written to disk and opened from file://. */
export function reportCases({ newPage }: ViewerSession): void {
  let folder: string | undefined;
  beforeAll(async () => {
    if (!HAVE_CHROMIUM || !HAVE_CAPTIONER) return;
    await selectBackend('wasm');
    folder = mkdtempSync(join(tmpdir(), 'gradcam-viewer-report-'));
  });
  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it.skipIf(skipWithout(CHROMIUM_BROWSER) || skipWithout(CAPTIONER_MODEL))(
    `clicking a word shows that word's map, and the map of a shape word peaks on its object${skipNote(CAPTIONER_MODEL)}`,
    async () => {
      // The scene's own caption, whose words ShapeWorld links to the objects they name.
      const scene = generateScene(SEED);
      const caption = describeScene(scene)[0];
      const captioner = await loadCaptioner(CAPTIONER_DIR);
      const input = scenesToTensor([scene]);
      const explained = await explainCaption(captioner, input, { caption: caption.text });
      input.dispose();
      captioner.dispose();
      const overlays = await Promise.all(
        explained.words.map((w) => encodePng(overlayHeatmap(scene.image, w.map))),
      );
      const panels: ReportPanel[] = explained.words.map((w, i) => ({
        label: w.text,
        logProb: w.logProb,
        maps: { gradcam: overlays[i] },
      }));
      const file = join(folder!, `scene-${SEED}.html`);
      writeFileSync(
        file,
        await renderReport({
          image: scene.image,
          kind: 'words',
          panels,
          meta: { title: `ShapeWorld scene ${SEED}`, subtitle: caption.text, layers: [explained.layer] },
        }),
      );

      const shape = caption.links.find((l) => l.role === 'shape' && l.objects.length === 1)!;
      const object = scene.objects[shape.objects[0]];
      // The map itself: its maximum lies inside the named object.
      expect(object.mask[argmax(Array.from(explained.words[shape.word].map.data))]).toBe(1);

      const page = await newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      await page.click(`#panel-${shape.word}`);
      const shown = await page.evaluate(() => {
        const report = (window as unknown as { gradcamReport: { selected: number } }).gradcamReport;
        return { selected: report.selected, src: document.getElementById('overlay')?.getAttribute('src') };
      });
      expect(shown.selected).toBe(shape.word);
      expect(shown.src).toBe(dataUri(overlays[shape.word]));
      expect(await page.textContent('#status')).toContain(`“${caption.words[shape.word]}”`);
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-report-word.png'), fullPage: true });
      expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
      await page.close();
    },
  );
}
