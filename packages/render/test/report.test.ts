import { describe, expect, it } from 'vitest';
import { colorBar, decodeImage, encodePng, renderReport } from '../src';
import type { ReportInput } from '../src/report';
import { overlayPng, sampleCaptionReport, sampleScene, sampleVqaReport } from './helpers/sample-report';

const uri = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
/** The opening tag of the element with this id. */
const tag = (html: string, id: string) => html.match(new RegExp(`<[a-z]+ id="${id}"[^>]*>`))![0];
const count = (html: string, text: string) => html.split(text).length - 1;
/** The JSON block the page's script reads. */
const pageData = (html: string) =>
  JSON.parse(html.match(/<script type="application\/json" id="gradcam-data">(.*?)<\/script>/s)![1]);

describe('renderReport', () => {
  it('has one button, one detail and one gallery row per panel, in order, labels escaped', async () => {
    const input = await sampleCaptionReport();
    const html = await renderReport(input);
    const buttons = [
      ...html.matchAll(/<button type="button" class="panel-button" id="panel-(\d+)"[^>]*>(.*?)<\/button>/g),
    ];
    expect(buttons.map((m) => Number(m[1]))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(buttons.map((m) => m[2])).toEqual([
      'a',
      'red',
      'circle',
      '&lt;unk&gt;',
      'blue',
      'square',
      'whole caption',
    ]);
    expect(count(html, '<section class="detail"')).toBe(7);
    expect(count(html, '<tr data-row=')).toBe(7);
    expect(html).not.toContain('<unk>');
    expect(pageData(html).panels.map((p: { label: string }) => p.label)).toEqual(
      input.panels.map((p) => p.label),
    );
    // The first panel is selected in the HTML itself, before the script runs.
    expect(html).toMatch(/id="panel-0"[^>]*aria-pressed="true"/);
    expect(html).toMatch(/id="panel-1"[^>]*aria-pressed="false"/);
    expect(html).toContain('<nav class="panels words" id="panels" aria-label="Words of the caption">');
  });

  it('is self-contained: every image inline, no URL to fetch, a policy that forbids fetching', async () => {
    const html = await renderReport(await sampleCaptionReport());
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*"(?!data:image\/png;base64,)/);
    expect(html).not.toMatch(/<link|@import|url\(/);
    expect(html).toContain("default-src 'none'; img-src data:");
    expect(count(html, '<script')).toBe(2);
  });

  it('holds each map once (the shown one twice), counterfactuals beside, and the methods compared', async () => {
    const input = await sampleCaptionReport();
    const html = await renderReport(input);
    const [first, ...rest] = input.panels;
    expect(count(html, uri(first.maps.gradcam))).toBe(2);
    expect(count(html, uri(first.maps.gradcampp))).toBe(1);
    for (const p of rest) for (const png of Object.values(p.maps)) expect(count(html, uri(png))).toBe(1);
    const overlay = tag(html, 'overlay');
    expect(overlay).toContain('data-panel="0"');
    expect(overlay).toContain(`src="${uri(first.maps.gradcam)}"`);
    expect(tag(html, 'counterfactual')).toContain(`src="${uri(first.counterfactual!.gradcam)}"`);
    expect(html).toContain('<h2>Compare methods</h2>');
    expect(html).toContain('<th scope="col">gradcam counterfactual</th>');
    expect(html.match(/<div class="methods" id="methods"[\s\S]*?<\/div>/)![0]).toMatch(
      /data-method="gradcam" aria-pressed="true">gradcam<\/button><button type="button" data-method="gradcampp" aria-pressed="false">/,
    );
    // The whole caption has no counterfactual map: its cell says so.
    expect(html).toMatch(
      /<tr data-row="6"><th scope="row">whole caption<\/th>(<td><img [^>]+><\/td>){2}<td class="none">/,
    );
  });

  it('shows the colour bar of the colormap used, with 0 and 1 at its ends', async () => {
    const input = await sampleCaptionReport();
    input.meta.colormap = 'viridis';
    const html = await renderReport(input);
    const bar = uri(await encodePng(colorBar('viridis', 256, 14)));
    expect(html).toContain(
      `<span class="end">0</span><img src="${bar}" alt="colour bar of the viridis colormap`,
    );
    expect(html).toMatch(/ \(right, most important\)"><span class="end">1<\/span>/);
  });

  it('shows what was run: methods, layer, model, backend, time, and the notes', async () => {
    const html = await renderReport(await sampleCaptionReport());
    const meta = html.match(/<dl class="meta" id="meta">(.*?)<\/dl>/s)![1];
    for (const [name, value] of [
      ['methods', 'gradcam, gradcampp'],
      ['layer', 'features'],
      ['model', 'models/captioner'],
      ['backend', 'cpu'],
      ['time', '123 ms'],
      ['colormap', 'jet'],
      ['caption', 'given'],
      ['command', 'gradcam caption'],
    ]) {
      expect(meta).toContain(`<dt>${name}</dt><dd>${value}</dd>`);
    }
    expect(html).toContain('<p class="subtitle">a red circle &lt;unk&gt; blue square</p>');
    expect(html).toContain('<li>not in the vocabulary: beside</li>');
    expect(html).toContain('<title>scene-1.png - gradcam caption</title>');
  });

  it('shows numbers, notes and metrics per panel', async () => {
    const html = await renderReport(await sampleCaptionReport());
    const red = html.match(/<section class="detail" id="detail-1"[\s\S]*?<\/section>/)![0];
    expect(red).toContain('<p class="numbers">log p -0.9</p>');
    expect(red).toMatch(/<th scope="row">IoU<\/th><td>0.61<\/td>/);
    expect(red).toMatch(/<th scope="row">pointing hit<\/th><td>yes<\/td>/);
    const unk = html.match(/<section class="detail" id="detail-3"[\s\S]*?<\/section>/)![0];
    expect(unk).toContain('<li>&quot;beside&quot; is not in the vocabulary: read as &lt;unk&gt;</li>');
    expect(unk).not.toContain('class="metrics"');
  });

  it('VQA answers: a ranked list with probabilities, question words as chips shaded on one scale', async () => {
    const html = await renderReport(await sampleVqaReport());
    expect(html).toContain('<nav class="panels answers" id="panels" aria-label="Answers">');
    expect(html).toMatch(/<span class="label">red<\/span><span class="numbers">score 3.2 · p 71.0%<\/span>/);
    expect(count(html, 'class="chip" style=')).toBe(10);
    // The largest |score| of all answers is fully shaded; a negative word is blue.
    expect(html).toContain('style="background: rgba(214, 39, 40, 1.000)" title="+0.8"');
    expect(html).toContain('style="background: rgba(31, 119, 180, 0.625)" title="-0.5"');
    expect(html).toContain('<h2>All maps</h2>');
    // One method and no counterfactual: the maps wrap as cards, each labelled.
    expect(
      html.match(/<figure data-row="\d"[^>]*><img class="thumb[^>]*><figcaption>(red|blue)<\/figcaption>/g),
    ).toHaveLength(2);
    expect(html).not.toContain('id="methods"');
    expect(html).not.toContain('id="counterfactual"');
  });

  it('guided images appear with their panel', async () => {
    const input = await sampleVqaReport();
    const png = input.panels[1].maps.gradcam;
    input.panels[1].guided = png;
    input.panels[1].guidedGradCam = png;
    const html = await renderReport(input);
    const detail = html.match(/<section class="detail" id="detail-1"[\s\S]*?<\/section>/)![0];
    expect(detail).toContain('<figcaption>guided backpropagation</figcaption>');
    expect(detail).toContain('<figcaption>Guided Grad-CAM</figcaption>');
  });

  it('no label can break out of its element or the script', async () => {
    const input = await sampleVqaReport();
    const evil = `</script><script>alert("x")</script><img src=x onerror=alert(1)> & 'q'`;
    input.panels[0].label = evil;
    input.panels[0].questionWords![0].word = evil;
    input.meta.title = evil;
    input.meta.subtitle = evil;
    input.meta.methods = [evil];
    input.panels[0].maps = { [evil]: input.panels[0].maps.gradcam };
    const html = await renderReport(input);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(count(html, '</script>')).toBe(2);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(pageData(html).panels[0].label).toBe(evil);
  });

  it('downscales large images for the page (they are shown at about 300 px), unless asked not to', async () => {
    const image = sampleScene(1200, 900);
    const map = await overlayPng(image, 340, 450, 120);
    const input: ReportInput = {
      image,
      panels: [{ label: 'red', maps: { gradcam: map }, counterfactual: { gradcam: map }, guided: map }],
      meta: { title: 'big.png', layers: ['conv'] },
    };
    const sizes = async (html: string) => {
      const uris = [...html.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1]);
      const images = await Promise.all(uris.map((b64) => decodeImage(Buffer.from(b64, 'base64'))));
      return images.map((i) => `${i.width}x${i.height}`);
    };
    // The image, the overlay, the counterfactual, the guided image and the gallery's two maps.
    const shrunk = (await sizes(await renderReport(input))).filter((s) => s !== '256x14');
    expect(shrunk).toEqual(Array(6).fill('640x480'));
    const kept = await sizes(await renderReport(input, { maxImageSide: Number.POSITIVE_INFINITY }));
    expect(kept.filter((s) => s !== '256x14')).toEqual(Array(6).fill('1200x900'));
    await expect(renderReport(input, { maxImageSide: 0 })).rejects.toThrow('maxImageSide must be at least 1');
  });

  it('says what is wrong with unusable input', async () => {
    const image = sampleScene();
    const png = await encodePng(image);
    const base = (): ReportInput => ({
      image,
      panels: [{ label: 'a', maps: { gradcam: png } }],
      meta: { title: 't', layers: [] },
    });
    await expect(renderReport({ ...base(), panels: [] })).rejects.toThrow('at least one panel');
    await expect(renderReport({ ...base(), panels: [{ label: 'cat', maps: {} }] })).rejects.toThrow(
      'panel 0 ("cat") needs at least one map',
    );
    await expect(
      renderReport({ ...base(), panels: [{ label: 'cat', maps: { gradcam: 'x' as never } }] }),
    ).rejects.toThrow('maps["gradcam"] must be non-empty PNG bytes');
    await expect(renderReport({ ...base(), image: { ...image, width: 3 } })).rejects.toThrow('report image');
    await expect(
      renderReport({
        ...base(),
        panels: [{ label: 'cat', maps: { gradcam: png }, guided: new Uint8Array([1, 2]) }],
      }),
    ).rejects.toThrow('panel 0 ("cat") guided is not a readable PNG');
    await expect(renderReport(base())).resolves.toContain('<!doctype html>');
  });
});
