// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classTarget, explain, selectBackend } from '@gradcam/core';
import { CLASSIFIER_CLASSES, generateScene, scenesToTensor } from '@gradcam/shapeworld';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/explain/summary';
import { openReferenceClassifier } from '../src/shapeworld/reference-classifier';
import { readNpy } from './helpers/npy-reader';
import { assertBuilt, type CliRun, freshDir, lines, runCli } from './helpers/run-cli';

const SEEDS = [11, 12, 13, 14, 15];

/** Row-major argmax, as the pointing game takes it. */
function argmax(data: Float32Array): number {
  let best = 0;
  for (let i = 1; i < data.length; i++) if (data[i] > data[best]) best = i;
  return best;
}

/** Distance from pixel p to the nearest pixel of any mask, by brute force (independent of the CLI). */
function distanceTo(masks: Uint8Array[], p: number, width: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const mask of masks)
    mask.forEach((v, q) => {
      if (v)
        best = Math.min(
          best,
          Math.hypot((q % width) - (p % width), Math.floor(q / width) - Math.floor(p / width)),
        );
    });
  return best;
}

describe('gradcam explain without --model: the ShapeWorld classifier on generated scenes (built bin)', () => {
  const out = join(freshDir(), 'out');
  let run: CliRun;
  let summary: RunSummary;

  beforeAll(() => {
    assertBuilt();
    run = runCli([
      'explain',
      '--seed',
      String(SEEDS[0]),
      '--scenes',
      String(SEEDS.length),
      '-f',
      'png,json,npy,html',
      '-o',
      out,
    ]);
    if (run.status === 0) summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('exits 0, names the bundled classifier, its layer and preset, and prints the ground truth', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^model: ShapeWorld shape classifier \(bundled\).*input 64x64, preset tf/m);
    expect(run.stdout).toMatch(/^layer: features \[batch, 16, 16, 64\]/m);
    expect(run.stdout).toMatch(/^method: gradcam; explaining the top 4 classes of 5 image\(s\)$/m);
    expect(run.stdout).toMatch(
      /^ground truth: \d+\/\d+ maps of present shapes peak inside their objects, \d+\/\d+ within 4 px$/m,
    );
  });

  it('writes scene-<seed>.png exactly as the generator draws it, and names the classes', () => {
    expect(summary.preset).toBe('tf');
    expect(summary.images.map((i) => i.name)).toEqual(SEEDS.map((s) => `scene-${s}`));
    for (const image of summary.images) {
      expect(image.maps.map((m) => m.label).sort()).toEqual([...CLASSIFIER_CLASSES].sort());
      for (const m of image.maps) expect(m.files).toContain(`${image.name}-${m.label}.png`);
    }
    expect(existsSync(join(out, 'scene-11.png'))).toBe(true);
  });

  it('says which shapes are in each scene, as the generator placed them, and the classifier agrees', () => {
    for (const [k, seed] of SEEDS.entries()) {
      const scene = generateScene(seed);
      for (const m of summary.images[k].maps) {
        const present = scene.objects.some((o) => o.shape === m.label);
        expect(m.truth?.present, `scene ${seed} ${m.label}`).toBe(present);
        expect(m.score > 0, `scene ${seed} ${m.label}: logit ${m.score}`).toBe(present);
        expect(m.truth?.grade === undefined).toBe(!present);
      }
    }
  });

  it("grades each present shape's map against its masks as a brute-force check does, and most peak on it", () => {
    let inside = 0;
    let near = 0;
    let total = 0;
    for (const [k, seed] of SEEDS.entries()) {
      const scene = generateScene(seed);
      for (const m of summary.images[k].maps) {
        const masks = scene.objects.filter((o) => o.shape === m.label).map((o) => o.mask);
        if (masks.length === 0) continue;
        const { data, shape } = readNpy(readFileSync(join(out, `scene-${seed}-${m.label}.npy`)));
        expect(shape).toEqual([64, 64]);
        const distance = distanceTo(masks, argmax(data), 64);
        expect(m.truth?.grade?.inside, `scene ${seed} ${m.label}`).toBe(distance === 0);
        expect(m.truth?.grade?.distance).toBeCloseTo(distance, 5);
        total++;
        if (distance === 0) inside++;
        if (distance <= 4) near++;
      }
    }
    expect(total).toBeGreaterThanOrEqual(8);
    // The committed classifier's held-out figures: 78% inside, 100% within 4 px (its README).
    expect(near).toBe(total);
    expect(inside / total).toBeGreaterThanOrEqual(0.6);
  });

  it('the report pages show the shapes as panels with the ground truth per map', () => {
    for (const image of summary.images) {
      const html = readFileSync(join(out, `${image.name}.html`), 'utf8');
      const labels = [...html.matchAll(/<span class="label">([^<]*)<\/span>/g)].map((m) => m[1]);
      expect(labels).toEqual(image.maps.map((m) => m.label));
      const graded = image.maps.filter((m) => m.truth?.grade).length;
      expect(
        html.match(/<th scope="row">peak inside the object \(pointing game\)<\/th>/g) ?? [],
      ).toHaveLength(graded);
      expect(html.match(/<th scope="row">in the scene<\/th><td>no<\/td>/g) ?? []).toHaveLength(
        image.maps.length - graded,
      );
    }
  });
});

describe('gradcam explain without --model, on a given image', () => {
  it('explains it with the classifier and grades nothing (no ground truth)', () => {
    const dir = freshDir();
    const first = runCli(['explain', '--seed', '3', '-o', 'a'], dir);
    expect(first.status).toBe(0);
    const run = runCli(['explain', '-i', join(dir, 'a', 'scene-3.png'), '-o', 'b', '--top', '2'], dir);
    // A given file may be anything: the out-of-domain note is its only stderr line.
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^gradcam: note: the bundled ShapeWorld classifier/),
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/ground truth/);
    const summary: RunSummary = JSON.parse(readFileSync(join(dir, 'b', 'summary.json'), 'utf8'));
    const before: RunSummary = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8'));
    expect(summary.images[0].maps.map((m) => m.label)).toEqual(
      before.images[0].maps.slice(0, 2).map((m) => m.label),
    );
    expect(summary.images[0].maps.every((m) => m.truth === undefined)).toBe(true);
  });

  it('--model without --image says what is missing', () => {
    const run = runCli(['explain', '--model', 'some/model.json']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/--image is needed with --model/);
  });

  it('warns when another --preset is given to the classifier', () => {
    const run = runCli(['explain', '--preset', 'unit', '-o', 'x']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/trained with --preset tf; unit changes what it sees/);
  });
});

describe('the bundled classifier in process', () => {
  it('opens at features, scores scenes as the model itself does, and leaves no tensor behind', async () => {
    await selectBackend('cpu');
    const before = tf.memory().numTensors;
    const reference = await openReferenceClassifier([]);
    const scene = generateScene(SEEDS[0]);
    const input = scenesToTensor([scene]);
    try {
      expect(reference.model.layers.map((l) => l.name)).toEqual(['features']);
      expect(reference.model.input).toMatchObject({ height: 64, width: 64 });
      const explanation = await explain(
        reference.model.adapters,
        input,
        CLASSIFIER_CLASSES.map((_, c) => classTarget(c)),
      );
      expect(explanation.maps).toHaveLength(4);
      const scores = reference.model.predict(input);
      expect(explanation.maps.map((m) => m.score)).toEqual(
        Array.from(await scores.data()).map((v) => expect.closeTo(v, 4)),
      );
      scores.dispose();
    } finally {
      input.dispose();
      reference.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an unknown --layer lists the layers there are', async () => {
    await expect(openReferenceClassifier(['nope'])).rejects.toThrow(/nope.*features/s);
  });
});
