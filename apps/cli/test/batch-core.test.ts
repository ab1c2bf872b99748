// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classTarget, explain, selectBackend } from '@gradcam/core';
import { decodeImage, PRESETS, toTensor } from '@gradcam/render';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFor } from '../src/batch/explain-chunk';
import type { IndexRow } from '../src/batch/index-row';
import { batchItems } from '../src/batch/items';
import { resumeLocalRun, startLocalRun } from '../src/batch/run-batch';
import type { BatchSettings } from '../src/batch/settings';
import { allowOverwrite } from '../src/output-folder';
import { batchDataset } from './helpers/batch-dataset';
import { readNpy } from './helpers/npy-reader';

beforeAll(async () => {
  await selectBackend('cpu');
});

const settingsFor = (model: string): BatchSettings => ({
  model,
  layers: [],
  methods: ['gradcam', 'gradcampp'],
  preset: 'unit',
  choice: { kind: 'top', k: 2 },
  verify: false,
  overlay: false,
  colormap: 'jet',
  maxSide: 512,
  backend: 'cpu',
});

const readIndex = (out: string): IndexRow[] =>
  readFileSync(join(out, 'index.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('gradcam batch, in one thread', () => {
  it("writes each item's maps at the layer's grid and one index row per item; a corrupt image is a failed row", async () => {
    const data = await batchDataset(4, { corrupt: true });
    const settings = settingsFor(data.model);
    const items = await batchItems({ image: [data.images] });
    const out = join(data.root, 'out');
    const run = { out, threads: 1, chunk: 2, quiet: true };
    const baseline = tf.memory().numTensors;
    const outcome = await startLocalRun(settings, items, run);
    expect(outcome).toMatchObject({ rows: 5, failed: 1, missing: 0, explained: 5, skipped: 0 });

    const rows = readIndex(out);
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    const bad = rows.find((r) => r.image.endsWith('corrupt.png'));
    expect(bad?.status).toBe('failed');
    expect(bad?.error).toContain('corrupt.png');
    // The model stays loaded for the next chunk; nothing else stays, after any item.
    const model = await modelFor(settings);
    expect(rows.map((r) => r.memory.tensors)).toEqual(Array(5).fill(tf.memory().numTensors));
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);

    // Each .npy is the engine's map for the class the row names, at conv2's 16x16 grid (32 / stride 2).
    const row = rows.find((r) => r.status === 'ok') as IndexRow;
    expect(row.maps?.map((m) => m.method)).toEqual(['gradcam', 'gradcam', 'gradcampp', 'gradcampp']);
    const image = await decodeImage(row.image);
    const input = toTensor(image, { ...PRESETS.unit, size: [32, 32] });
    for (const map of row.maps ?? []) {
      expect(map.grid).toEqual([16, 16]);
      const npy = readNpy(readFileSync(join(out, map.npy)));
      expect(npy.shape).toEqual([16, 16]);
      const direct = await explain(model.adapters, input, [classTarget(map.class)], {
        method: map.method,
        outputSize: [image.height, image.width],
      });
      expect(Array.from(npy.data)).toEqual(Array.from(direct.maps[0].lowres.data));
    }
    input.dispose();

    // A new run over the old one (--overwrite) starts clean: no old row passes for a finished item.
    allowOverwrite(true);
    const again = await startLocalRun({ ...settings, methods: ['layercam'] }, items, run);
    allowOverwrite(false);
    expect(again).toMatchObject({ rows: 5, explained: 5, skipped: 0 });
    expect(readdirSync(join(out, 'maps')).every((name) => name.includes('-layercam-'))).toBe(true);
  });

  it('--resume explains only what a killed run left (rows missing, a torn temporary file) and ends with the same index', async () => {
    const data = await batchDataset(6);
    const settings = settingsFor(data.model);
    const items = await batchItems({ image: [data.images] });
    const full = join(data.root, 'full');
    await startLocalRun(settings, items, { out: full, threads: 1, chunk: 4, quiet: true });

    const cut = join(data.root, 'cut');
    await startLocalRun(settings, items, { out: cut, threads: 1, chunk: 4, quiet: true });
    // As kill -9 leaves it: the last rows never written, a row's temporary file half written.
    for (const id of [items[3].id, items[5].id]) rmSync(join(cut, 'rows', `${id}.json`));
    writeFileSync(join(cut, 'rows', `.${items[3].id}.json.dead.tmp`), '{"id": "00');
    writeFileSync(join(cut, 'maps', `.${items[3].id}-gradcam-0.npy.dead.tmp`), '\x93NUM');
    // As a machine crash can leave a row renamed into place before its flush: empty. Its item is redone.
    writeFileSync(join(cut, 'rows', `${items[4].id}.json`), '');
    rmSync(join(cut, 'index.jsonl'));
    const kept = statSync(join(cut, 'rows', `${items[0].id}.json`)).mtimeMs;

    const resumed = await resumeLocalRun({ out: cut, threads: 1, chunk: 4, quiet: true });
    expect(resumed).toMatchObject({ explained: 3, skipped: 3, rows: 6, failed: 0, missing: 0 });
    expect(statSync(join(cut, 'rows', `${items[0].id}.json`)).mtimeMs).toBe(kept);
    const strip = (r: IndexRow) => ({ ...r, timing: undefined, worker: undefined, memory: undefined });
    expect(readIndex(cut).map(strip)).toEqual(readIndex(full).map(strip));
    for (const name of readdirSync(join(full, 'maps')))
      expect(readFileSync(join(cut, 'maps', name))).toEqual(readFileSync(join(full, 'maps', name)));
    // No temporary file outlives the resume.
    expect(readdirSync(join(cut, 'maps')).sort()).toEqual(readdirSync(join(full, 'maps')).sort());
    expect(readdirSync(join(cut, 'rows')).sort()).toEqual(readdirSync(join(full, 'rows')).sort());
  });

  it('a manifest gives each row its own classes; captions and bad rows are refused with the line', async () => {
    const data = await batchDataset(2);
    const jsonl = join(data.root, 'list.jsonl');
    writeFileSync(
      jsonl,
      '{"image": "images/pic-1.png", "classes": [3, 0]}\n\n{"image": "images/pic-2.png"}\n',
    );
    const items = await batchItems({ manifest: jsonl });
    expect(items.map((i) => i.classes)).toEqual([[3, 0], undefined]);
    const csv = join(data.root, 'list.csv');
    writeFileSync(csv, 'image,classes\nimages/pic-2.png,"1;2"\n');
    expect((await batchItems({ manifest: csv }))[0]).toMatchObject({ id: '000000', classes: [1, 2] });

    const out = join(data.root, 'out');
    const labels = { names: ['w', 'x', 'y', 'z'], from: '--labels names.txt' };
    await startLocalRun({ ...settingsFor(data.model), labels }, items, {
      out,
      threads: 1,
      chunk: 1,
      quiet: true,
    });
    const [first, second] = readIndex(out);
    expect(first.maps?.filter((m) => m.method === 'gradcam').map((m) => [m.class, m.label])).toEqual([
      [3, 'z'],
      [0, 'w'],
    ]);
    const three = { names: ['w', 'x', 'y'], from: '--labels names.txt' };
    await expect(
      startLocalRun({ ...settingsFor(data.model), labels: three }, items, {
        out: join(data.root, 'o3'),
        threads: 1,
        chunk: 1,
        quiet: true,
      }),
    ).rejects.toThrow(/names 3 classes but the model scores 4/);
    expect(second.maps?.filter((m) => m.method === 'gradcam')).toHaveLength(2);

    writeFileSync(jsonl, '{"image": "images/pic-1.png", "caption": "a cat"}\n');
    await expect(batchItems({ manifest: jsonl })).rejects.toThrow(/line 1 has a caption: .*gradcam caption/);
    writeFileSync(jsonl, '{"image": "images/pic-1.png", "classes": [-1]}\n');
    await expect(batchItems({ manifest: jsonl })).rejects.toThrow(/line 1: classes must be/);
    writeFileSync(jsonl, '{"image": "images/nope.png"}\n');
    await expect(batchItems({ manifest: jsonl })).rejects.toThrow(/1 missing image\(s\): .*nope.png/);
  });
});
