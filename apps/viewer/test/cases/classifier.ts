import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng, overlayHeatmap } from '@gradcam/render';
import { generateScene } from '@gradcam/shapeworld';
import { expect, it } from 'vitest';
import { skipWithout } from '../../../../packages/core/test/helpers/required-resource';
import { CHROMIUM_BROWSER } from '../helpers/browser';
import { dropFile } from '../helpers/drop-file';
import { NO_WEBGL } from '../helpers/no-webgl';
import { canvasRgb } from '../helpers/overlay-pixels';
import { pageState } from '../helpers/page-state';
import { describe as named, objectsAtPeak } from '../helpers/scene-checks';
import { ARTIFACTS, change, choose, type ViewerSession } from '../helpers/viewer-session';

const CLASSIFIER_DIR = fileURLToPath(
  new URL('../../../../packages/shapeworld/models/classifier/', import.meta.url),
);

/** Seed 10: a red square, a yellow cross, a green square and a blue cross. */
const CLASSES_SEED = 10;

const run = it.skipIf(skipWithout(CHROMIUM_BROWSER));

/** The classifier tab, the settings, the backends, your own model and image. */
export function classifierCases({ open }: ViewerSession): void {
  run(
    'classifier: a class map peaks on an object of that shape, and the overlay draws that map',
    async () => {
      const { page, errors, state } = await open(`seed=${CLASSES_SEED}&tab=classes`);
      expect(state.error).toBeUndefined();
      expect(['webgl', 'wasm', 'cpu']).toContain(state.backend.name);
      expect(await page.textContent('#backend')).toBe(state.backend.name);
      const scene = state.scene!;
      expect(scene.objects.map((o) => `${o.color} ${o.shape}`)).toEqual([
        'red square',
        'yellow cross',
        'green square',
        'blue cross',
      ]);
      // Present shapes score above absent ones: the classifier is multi-label, logits > 0 when present.
      const explained = state.explained!;
      expect(explained.labels.slice(0, 2).sort()).toEqual(['cross', 'square']);
      expect(explained.scores[0]!).toBeGreaterThan(0);
      expect(explained.scores[3]!).toBeLessThan(0);

      for (const shape of ['square', 'cross']) {
        const chosen = await choose(page, 'classes', shape);
        expect(chosen.map!.label).toBe(shape);
        const hits = objectsAtPeak(scene, chosen.map!);
        expect(
          hits.map((i) => scene.objects[i].shape),
          `'${shape}' peaks on ${named(scene, hits)}`,
        ).toEqual([shape]);
        expect(chosen.metrics?.pointingHit).toBe(true);
        expect(await page.getAttribute(`#classes button[aria-pressed="true"] .label`, 'class')).toBe('label');
      }

      // The overlay canvas holds exactly render's overlay of the exposed map on the same scene.
      const { map } = await pageState(page);
      const expected = overlayHeatmap(generateScene(CLASSES_SEED).image, {
        data: Float32Array.from(map!.data),
        width: map!.width,
        height: map!.height,
      });
      const drawn = await canvasRgb(page, '#overlay');
      expect([drawn.width, drawn.height]).toEqual([64, 64]);
      const off = drawn.data.filter((v, i) => Math.abs(v - expected.data[i]) > 1).length;
      expect(off).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-classes.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  run(
    'method, layer and counterfactual switches re-explain; gradient-free methods disable counterfactual',
    async () => {
      const { page, errors, state } = await open(`seed=${CLASSES_SEED}&tab=classes`);
      const gradcam = state.map!.data;
      const methods = await page.$$eval('#method option', (os) =>
        os.map((o) => (o as HTMLOptionElement).value),
      );
      expect(methods).toEqual(
        expect.arrayContaining(['gradcam', 'gradcampp', 'scorecam', 'ablationcam', 'eigencam']),
      );

      const plusplus = await change(page, () => page.selectOption('#method', 'gradcampp'));
      expect(plusplus.explained).toMatchObject({ method: 'gradcampp', counterfactual: false });
      expect(plusplus.map!.data).not.toEqual(gradcam);
      expect(
        objectsAtPeak(plusplus.scene!, plusplus.map!).map((i) => plusplus.scene!.objects[i].shape),
      ).toEqual([plusplus.map!.label]);

      const counter = await change(page, () => page.check('#counterfactual'));
      expect(counter.explained).toMatchObject({ method: 'gradcampp', counterfactual: true });
      expect(await page.textContent('#overlay-caption')).toContain('counterfactual');
      expect(await page.isVisible('#guided-figure')).toBe(false);

      // Guided backpropagation and Guided Grad-CAM appear beside the map, at the model's input size.
      const guided = await change(page, () => page.check('#guided'));
      expect(guided.explained).toMatchObject({ method: 'gradcampp', guided: true });
      expect(await page.isVisible('#guided-figure')).toBe(true);
      expect(await page.isVisible('#guided-gradcam-figure')).toBe(true);
      const pixels = await canvasRgb(page, '#guided-gradcam-image');
      expect([pixels.width, pixels.height]).toEqual([64, 64]);
      expect(new Set(pixels.data).size).toBeGreaterThan(10);
      await change(page, () => page.uncheck('#guided'));
      expect(await page.isVisible('#guided-figure')).toBe(false);

      const eigen = await change(page, () => page.selectOption('#method', 'eigencam'));
      expect(eigen.explained).toMatchObject({ method: 'eigencam', counterfactual: false });
      expect(await page.isDisabled('#counterfactual')).toBe(true);

      const layers = await page.$$eval('#layer option', (os) =>
        os.map((o) => (o as HTMLOptionElement).value),
      );
      expect(layers[0]).toBe('');
      expect(layers).toContain('features');
      const earlier = layers.filter((l) => l && l !== 'features')[0];
      const atLayer = await change(page, () => page.selectOption('#layer', earlier));
      expect(atLayer.explained?.layer).toBe(earlier);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  run(
    'backends: WebGL and CPU (asked for by name) and WASM give the same maps; without WebGL the page says so and runs on WASM',
    async () => {
      const webgl = await open(`seed=${CLASSES_SEED}&tab=classes&backend=webgl`);
      expect(webgl.state.backend).toEqual({ name: 'webgl', skipped: [] });
      const { page, errors, state } = await open(`seed=${CLASSES_SEED}&tab=classes`, (p) =>
        p.addInitScript({ content: NO_WEBGL }),
      );
      expect(state.backend.name).toBe('wasm');
      expect(state.backend.skipped.map((s) => s.name)).toEqual(['webgl']);
      expect(await page.textContent('#backend-note')).toContain('webgl unavailable');
      expect(state.explained!.labels).toEqual(webgl.state.explained!.labels);
      const a = webgl.state.map!.data;
      const b = state.map!.data;
      expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(0.01);
      // The plain CPU backend, the last fallback, agrees too.
      const cpu = await open(`seed=${CLASSES_SEED}&tab=classes&backend=cpu`);
      expect(cpu.state.backend.name).toBe('cpu');
      expect(Math.max(...cpu.state.map!.data.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(0.01);
      expect([...errors, ...webgl.errors, ...cpu.errors]).toEqual([]);
      await Promise.all([page.close(), webgl.page.close(), cpu.page.close()]);
    },
  );

  run(
    'your own classifier: dropped model.json and shards explain like the reference; bad drops say why',
    async () => {
      const { page, state } = await open(`seed=${CLASSES_SEED}&tab=classes`);
      await page.click('#own-model summary');
      const file = (name: string, mimeType: string) => ({
        name,
        mimeType,
        buffer: readFileSync(join(CLASSIFIER_DIR, name)),
      });
      await page.setInputFiles('#model-files', [file('model.json', 'application/json')]);
      await page.waitForFunction(
        () => (window as unknown as { __gradcam: { error?: string } }).__gradcam.error,
      );
      expect((await pageState(page)).error).toMatch(
        /needs the weight files weights\.bin; missing: weights\.bin/,
      );

      await page.selectOption('#model-scaling', 'tf');
      const labels = {
        name: 'labels.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('circle\nsquare\ntriangle\ncross\n'),
      };
      const yours = await change(page, () =>
        page.setInputFiles('#model-files', [
          file('model.json', 'application/json'),
          file('weights.bin', 'application/octet-stream'),
          labels,
        ]),
      );
      expect(yours.error).toBeUndefined();
      expect(yours.models.classifier).toBe('model.json');
      // The same weights and scaling as the reference: the same classes, scores and maps.
      expect(yours.explained!.labels.slice(0, 2)).toEqual(state.explained!.labels.slice(0, 2));
      for (const [i, s] of yours.explained!.scores.entries())
        expect(s).toBeCloseTo(state.explained!.scores[i]!, 3);
      expect(Math.max(...yours.map!.data.map((v, i) => Math.abs(v - state.map!.data[i])))).toBeLessThan(1e-4);
      await page.close();
    },
  );

  run(
    'your own image: explained at its size without ground truth; no tensor outlives an explanation; bad files say why',
    async () => {
      const { page, errors, state } = await open(`seed=${CLASSES_SEED}&tab=classes`);
      const baseline = state.tensors;
      // A generated scene is what the bundled models know: no out-of-domain note.
      expect(await page.isHidden('#domain-note')).toBe(true);
      await change(page, () => page.selectOption('#method', 'gradcampp'));
      await change(page, () => page.selectOption('#method', 'gradcam'));
      expect((await pageState(page)).tensors).toBe(baseline);

      // The scene's own pixels as a PNG file: the same classes and maps, but no masks to score against.
      const png = Buffer.from(await encodePng(generateScene(CLASSES_SEED).image));
      const dropped = await change(page, () =>
        dropFile(page, '#drop-image', { name: 'scene.png', type: 'image/png', bytes: png }),
      );
      expect(dropped.scene).toBeUndefined();
      expect(dropped.metrics).toBeUndefined();
      expect(await page.textContent('#input-label')).toContain('scene.png (64x64; no ground truth)');
      // The user's image meets the bundled classifier: the note says it knows only ShapeWorld scenes.
      expect(await page.isVisible('#domain-note')).toBe(true);
      expect(await page.textContent('#domain-note')).toMatch(/know only synthetic 64x64 scenes.*--model/);
      expect(dropped.explained!.labels).toEqual(state.explained!.labels);
      expect(Math.max(...dropped.map!.data.map((v, i) => Math.abs(v - state.map!.data[i])))).toBeLessThan(
        1e-3,
      );
      expect(dropped.tensors).toBe(baseline);

      const { runs } = dropped;
      await page.setInputFiles('#image-file', {
        name: 'notes.png',
        mimeType: 'image/png',
        buffer: Buffer.from('not an image'),
      });
      await page.waitForFunction(
        () => (window as unknown as { __gradcam: { error?: string } }).__gradcam.error,
      );
      expect((await pageState(page)).error).toMatch(/^cannot read notes\.png as an image/);
      expect((await pageState(page)).runs).toBe(runs);
      // A seed that is no seed is refused by the form itself: nothing runs.
      await page.fill('#seed', '-3');
      await page.click('#generate');
      expect(await page.$eval('#seed', (input) => (input as HTMLInputElement).validity.valid)).toBe(false);
      expect((await pageState(page)).runs).toBe(runs);
      expect(errors).toEqual([]);
      await page.close();
    },
  );
}
