import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '@gradcam/render';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoSummary } from '../src/demo/summary';
import { assertBuilt, type CliRun, freshDir, runCli } from './helpers/run-cli';

describe('gradcam demo --colour-detector --scenes 2 --backend cpu (built bin)', () => {
  const out = join(freshDir(), 'out');
  let run: CliRun;
  let summary: DemoSummary;

  beforeAll(() => {
    assertBuilt();
    run = runCli(['demo', '--colour-detector', '--out', out, '--scenes', '2', '--backend', 'cpu']);
    if (run.status === 0) summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('exits 0 and reports the backend, the table and where the files are', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^backend: cpu \(requested\)$/m);
    expect(run.stdout).toMatch(/^scene\s+object\s+logit\s+true box\s+15% box\s+IoU/m);
    expect(run.stdout).toMatch(
      /^pointing game: \d+\/\d+ map peaks on their object \(100%\); mean IoU of the 15% box: 0\.\d\d$/m,
    );
    expect(run.stdout).toContain(out);
  });

  it('summary.json records the backend, the method and every object', () => {
    expect(summary.backend).toEqual({ name: 'cpu', reason: 'requested' });
    expect(summary.method).toBe('gradcam');
    expect(summary.model.layer).toBe('colour_maps');
    expect(summary.scenes).toHaveLength(2);
    for (const scene of summary.scenes) {
      expect(scene.objects.length).toBeGreaterThanOrEqual(2);
      expect(new Set(scene.objects.map((o) => o.colour)).size).toBe(scene.objects.length);
    }
  });

  it('every map points at its object and its 15% box overlaps the true box (IoU > 0.3)', () => {
    const objects = summary.scenes.flatMap((s) => s.objects);
    for (const o of objects) {
      expect(o.hit, `${o.colour} ${o.shape}`).toBe(true);
      expect(o.iou, `${o.colour} ${o.shape}`).toBeGreaterThan(0.3);
      expect(o.score).toBeGreaterThan(0);
      expect(o.timeMs).toBeGreaterThan(0);
    }
    expect(summary.pointingGame).toEqual({ hits: objects.length, total: objects.length, accuracy: 1 });
    expect(summary.meanIoU).toBeGreaterThan(0.3);
  });

  it('writes the scenes and one overlay per object, as 128x128 PNGs', async () => {
    for (const scene of summary.scenes) {
      const files = [scene.image, ...scene.objects.map((o) => o.overlay)];
      expect(files).toContain(`scene-${scene.scene}.png`);
      for (const o of scene.objects) expect(o.overlay).toBe(`scene-${scene.scene}-${o.colour}.png`);
      for (const file of files) {
        expect(existsSync(join(out, file)), file).toBe(true);
        const image = await decodeImage(join(out, file));
        expect([image.width, image.height, image.channels], file).toEqual([128, 128, 3]);
      }
    }
  });

  it('writes a report page per scene: its objects as panels, with their maps and metrics', () => {
    for (const scene of summary.scenes) {
      expect(scene.report).toBe(`scene-${scene.scene}.html`);
      const html = readFileSync(join(out, scene.report), 'utf8');
      const labels = [...html.matchAll(/<span class="label">([^<]*)<\/span>/g)].map((m) => m[1]);
      expect(labels).toEqual(scene.objects.map((o) => `${o.colour} ${o.shape}`));
      for (const o of scene.objects) {
        const overlay = readFileSync(join(out, o.overlay)).toString('base64');
        expect(html).toContain(`src="data:image/png;base64,${overlay}"`);
      }
      expect(
        html.match(/<th scope="row">peak on the object \(pointing game\)<\/th><td>yes<\/td>/g),
      ).toHaveLength(scene.objects.length);
      expect(html).toContain('<th scope="row">IoU of the 15% box with the true box</th>');
      expect(html).toContain('<dt>layer</dt><dd>colour_maps</dd>');
      expect(html).not.toMatch(/(src|href)="(?!data:)/);
    }
  });
});
