import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLASSIFIER_CLASSES, generateScene } from '@gradcam/shapeworld';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SceneJob } from '../src/demo/main-job';
import type { TaskFigure } from '../src/demo/main-report';
import { assertBuilt, type CliRun, freshDir, runCli } from './helpers/run-cli';

interface Summary {
  models: Record<string, string>;
  figures: TaskFigure[];
  scenes: Omit<SceneJob, 'sections'>[];
}

/** A map's maximum inside the masks of the given objects, computed here from the scene itself. */
describe('gradcam demo: the main job on the committed reference models (built bin)', () => {
  const out = join(freshDir(), 'out');
  let run: CliRun;
  let summary: Summary;
  let html: string;

  beforeAll(() => {
    assertBuilt();
    run = runCli(['demo', '--out', out, '--seed', '1', '--scenes', '4']);
    if (run.status === 0) {
      summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      html = readFileSync(join(out, 'index.html'), 'utf8');
    }
  });

  it('exits 0, prints each scene and the pointing game per task, and writes index.html', () => {
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^scene 1: /m);
    // The held-out centre prior and Grad-CAM of docs/eval.md beside the run's own figures.
    expect(run.stdout).toMatch(
      /^classifier classes\s+\d+\/\d+ \(\d+%\)\s+\d+\/\d+ \(\d+%\)\s+14% \/ 31%\s+78% \/ 99%$/m,
    );
    expect(run.stdout).toContain(join(out, 'index.html'));
  });

  it("the scenes are the generator's, and the classifier is graded on exactly the shapes present", () => {
    expect(summary.scenes.map((s) => s.seed)).toEqual([1, 2, 3, 4]);
    for (const s of summary.scenes) {
      const scene = generateScene(s.seed);
      expect(s.objects).toEqual(scene.objects.map((o) => `${o.color} ${o.shape}`));
      expect(s.classes.map((c) => c.label).sort()).toEqual([...CLASSIFIER_CLASSES].sort());
      for (const c of s.classes) {
        const present = scene.objects.some((o) => o.shape === c.label);
        expect(c.present, `scene ${s.seed} ${c.label}`).toBe(present);
        expect(c.grade !== undefined).toBe(present);
        expect(c.score > 0, `scene ${s.seed} ${c.label} logit ${c.score}`).toBe(present);
      }
    }
  });

  it("the classifier's maps of present shapes peak on them (all within 4 px, most inside)", () => {
    const graded = summary.scenes.flatMap((s) => s.classes.filter((c) => c.grade));
    expect(graded.every((c) => c.grade?.near)).toBe(true);
    expect(graded.filter((c) => c.grade?.inside).length / graded.length).toBeGreaterThanOrEqual(0.6);
  });

  it('with the captioner: every word explained, the words that name objects graded on the right ones', () => {
    if (!summary.models.captioner) return expect(run.stderr).toMatch(/captioner left out/);
    for (const s of summary.scenes) {
      const scene = generateScene(s.seed);
      expect(s.caption?.text.split(' ')).toEqual(s.caption?.words.map((w) => w.label));
      for (const w of s.caption?.words ?? []) {
        if (!w.grade) continue;
        for (const name of w.grade.objects) expect(name.split(' ')).toContain(w.label);
        expect(w.grade.objects.every((n) => scene.objects.some((o) => `${o.color} ${o.shape}` === n))).toBe(
          true,
        );
      }
    }
    expect(summary.figures.find((f) => f.task === 'caption words')?.graded).toBeGreaterThan(0);
  });

  it('with the VQA model: questions answered against the truth, maps and question words in the page', () => {
    if (!summary.models.vqa) return expect(run.stderr).toMatch(/VQA model left out/);
    const questions = summary.scenes.flatMap((s) => s.questions);
    expect(questions.length).toBeGreaterThanOrEqual(8);
    for (const q of questions) {
      expect(q.correct).toBe(q.answer === q.truth);
      expect(q.words.map((w) => w.word).join(' ')).toBe(q.question.replace(/\?$/, '').replace(/\?/, ''));
    }
    expect(html).toContain('class="chips');
  });

  it('index.html holds a section per scene and task, with maps, metrics and the figures table', () => {
    const sections = html.match(/<section class="report-section" id="s\d+"/g) ?? [];
    const expected = summary.scenes.reduce((n, s) => n + 1 + (s.caption ? 1 : 0) + s.questions.length, 0);
    expect(sections).toHaveLength(expected);
    for (const s of summary.scenes) expect(html).toContain(`<h2 id="g${s.seed - 1}">scene ${s.seed}</h2>`);
    expect(html).toContain('peak inside the object (pointing game)');
    expect(html).toContain('<caption>pointing game: does the map peak on the object');
    expect(html).not.toMatch(/src="(?!data:)/);
  });

  it("puts the held-out centre prior and Grad-CAM figures beside the demo's, with why and a link to docs/eval.md", () => {
    const table = html.slice(html.indexOf('<table class="summary-table">'), html.indexOf('</table>'));
    expect(table).toContain('<th scope="col">centre prior, held out (inside / 4 px)</th>');
    expect(table).toContain('<th scope="col">Grad-CAM, held out (inside / 4 px)</th>');
    // Centre prior and Grad-CAM of docs/eval.md (checked against that page in held-out-figures.test.ts).
    expect(table).toMatch(/<td>classifier classes<\/td>.*<td>14% \/ 31%<\/td><td>78% \/ 99%<\/td><\/tr>/);
    if (summary.models.captioner)
      expect(table).toMatch(/<td>caption words<\/td>.*<td>10% \/ 22%<\/td><td>39% \/ 48%<\/td>/);
    if (summary.models.vqa)
      expect(table).toMatch(/<td>VQA answers<\/td>.*<td>18% \/ 32%<\/td><td>55% \/ 58%<\/td>/);
    expect(html).toMatch(/<li>Grad-CAM averages each channel&#39;s gradient over the whole grid/);
    const href = html.match(/<p class="links"><a href="([^"]+)">/)?.[1];
    expect(href).toMatch(/^file:\/\/.*\/docs\/eval\.md$/);
    expect(existsSync(fileURLToPath(href as string))).toBe(true);
  });

  it('contents name each section once under its scene, and no word note stands beside the map counter', () => {
    const contents = html.slice(html.indexOf('<nav class="contents"'), html.indexOf('</nav>'));
    expect(contents).not.toMatch(/scene \d+: scene \d+/);
    expect(contents).toContain('<b>scene 1</b>: ');
    expect(contents).toMatch(/<a href="#s\d+">classifier<\/a>/);
    // The status line counts maps ("map 1 of 12", the whole caption included); no "word 1 of 11" beside it.
    expect(html).not.toMatch(/word \d+ of \d+/);
    expect(html).toContain("(map ' + (i + 1) + ' of '");
  });
});
