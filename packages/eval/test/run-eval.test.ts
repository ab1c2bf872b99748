// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { loadClassifier } from '@gradcam/shapeworld';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifierSubject } from '../src/classifier-subject';
import { Collector } from '../src/collector';
import { evaluateSubject } from '../src/evaluate-subject';
import { runEval } from '../src/run-eval';
import { evalScenes } from '../src/scenes';
import { withSubsets } from '../src/settings';
import { mapVariants } from '../src/variants';

const freshDir = () => mkdtempSync(join(tmpdir(), 'gradcam-eval-'));

describe('gradcam eval on the committed classifier, tiny run', () => {
  let result: Awaited<ReturnType<typeof runEval>>;
  let outDir: string;
  let tensorsBefore: number;
  let tensorsAfter: number;

  beforeAll(async () => {
    await selectBackend('wasm');
    outDir = freshDir();
    tensorsBefore = tf.memory().numTensors;
    result = await runEval({
      settings: withSubsets(
        { scenes: 8, seed: 5, methods: ['gradcam', 'eigencam'], models: ['classifier'] },
        {
          faithfulnessTargets: 2,
          occlusionTargets: 1,
          expensiveTargets: 1,
          randomisationTargets: 1,
          exampleScenes: 1,
        },
      ),
      outDir,
      version: 'test',
      command: 'gradcam eval (test)',
      backend: tf.getBackend(),
    });
    tensorsAfter = tf.memory().numTensors;
  });

  it('has a row per method variant and baseline, each metric with n and an interval', () => {
    const classifier = result.report.models.classifier!;
    expect(classifier.rowOrder).toEqual([
      'gradcam',
      'eigencam',
      'gradcam (counterfactual)',
      'guided gradcam',
      'centre',
      'uniform',
      'random',
    ]);
    const gradcam = classifier.rows.gradcam;
    // Every present shape of the 8 scenes is one target.
    expect(gradcam.pointing!.n).toBe(classifier.items);
    expect(classifier.items).toBeGreaterThanOrEqual(8);
    for (const key of [
      'iou',
      'boxAccuracy',
      'pointing',
      'pointingTolerant',
      'energy',
      'deletion',
      'insertion',
      'drop',
    ] as const) {
      const v = gradcam[key]!;
      expect(v.lower).toBeLessThanOrEqual(v.mean);
      expect(v.upper).toBeGreaterThanOrEqual(v.mean);
    }
    // Perturbation metrics only on the first 2 scenes, randomisation on the first.
    expect(gradcam.deletion!.n).toBeLessThan(gradcam.pointing!.n);
    expect(classifier.randomisation.steps[0]).toBe('logits');
    expect(classifier.randomisation.steps.at(-1)).toMatch(/conv1a$/);
    // EigenCAM ignores the head: randomising the logits layer leaves its maps as they were.
    expect(classifier.randomisation.rows.eigencam.logits.mean).toBeCloseTo(1, 6);
    expect(classifier.randomisation.rows.gradcam.logits.mean).toBeLessThan(0.9);
  });

  it('Grad-CAM finds the ground-truth objects far better than the centre prior', () => {
    const rows = result.report.models.classifier!.rows;
    expect(rows.gradcam.pointing!.mean).toBeGreaterThanOrEqual(rows.centre.pointing!.mean + 0.3);
    expect(rows.gradcam.energy!.mean).toBeGreaterThan(rows.centre.energy!.mean);
    // The peak's place agrees with the pointing game: on the named objects exactly when it hits.
    const peaks = result.report.models.classifier!.peaks;
    const placed = Object.values(peaks).reduce((a, b) => a + b, 0);
    expect(placed).toBe(rows.gradcam.pointing!.n);
    expect(peaks['the named object(s)'] / placed).toBeCloseTo(rows.gradcam.pointing!.mean, 12);
    // The counterfactual map points away from the object.
    expect(rows['gradcam (counterfactual)'].pointing!.mean).toBeLessThan(rows.gradcam.pointing!.mean);
  });

  it('marks every target met or missed', () => {
    const checks = result.report.targets.filter((t) => t.model === 'classifier');
    expect(checks.map((t) => t.what)).toEqual([
      expect.stringMatching(/strict/),
      expect.stringMatching(/centre/),
      expect.stringMatching(/4 px/),
    ]);
    for (const t of checks) expect(typeof t.met).toBe('boolean');
  });

  it('writes eval.md (the same as returned), eval.json, eval.html and example pages', () => {
    expect(readFileSync(join(outDir, 'eval.md'), 'utf8')).toBe(result.markdown);
    expect(result.markdown).toMatch(/\| gradcam \| \d+ \| /);
    const json = JSON.parse(readFileSync(join(outDir, 'eval.json'), 'utf8'));
    expect(json.models.classifier.rows.gradcam.pointing.mean).toBe(
      result.report.models.classifier!.rows.gradcam.pointing!.mean,
    );
    const html = readFileSync(join(outDir, 'eval.html'), 'utf8');
    expect(html).toContain('<table');
    expect(html).toMatch(/<img src="data:image\/png;base64,/);
    const pages = readdirSync(join(outDir, 'examples'));
    expect(pages).toEqual(['classifier-scene-0.html']);
    expect(existsSync(join(outDir, 'examples', pages[0]))).toBe(true);
  });

  it('leaves no tensor behind', () => {
    expect(tensorsAfter).toBe(tensorsBefore);
  });
});

describe('gradcam eval is reproducible by seed', () => {
  it('two runs over the same scenes give the same numbers, random baseline and randomisation included', async () => {
    await selectBackend('wasm');
    const settings = withSubsets(
      { scenes: 1, seed: 9, methods: ['gradcam'], models: ['classifier'] },
      {
        faithfulnessTargets: 1,
        occlusionTargets: 0,
        expensiveTargets: 0,
        randomisationTargets: 1,
        exampleScenes: 0,
      },
    );
    const once = async () => {
      const subject = classifierSubject(await loadClassifier(), settings.seed);
      const collector = new Collector();
      await evaluateSubject(
        subject,
        evalScenes(settings.seed, 1),
        mapVariants(['gradcam']),
        settings,
        collector,
        () => {},
      );
      subject.dispose();
      return JSON.stringify([...collector.values.get('classifier')!].map(([row, m]) => [row, [...m]]));
    };
    const first = await once();
    expect(first).toContain('"random"');
    expect(first).toContain('randomisedHead');
    expect(await once()).toBe(first);
  });
});
