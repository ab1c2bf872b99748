import { availableParallelism } from 'node:os';
import { fail, methodNames } from '@gradcam/core';
import { COLORMAP_NAMES, PRESETS, type PresetName } from '@gradcam/render';
import { type Command, Option } from 'commander';
import { type BatchItem, batchItems } from '../batch/items';
import { describeOutcome } from '../batch/outcome';
import { runOnQueue } from '../batch/queue/coordinator';
import { checkRunName } from '../batch/queue/names';
import { queuedRunStatus } from '../batch/queue/status';
import { resumeLocalRun, startLocalRun } from '../batch/run-batch';
import type { BatchSettings } from '../batch/settings';
import type { ClassChoice } from '../explain/class-choice';
import { classAnnotations, LABELS_HELP } from '../explain/labels-file';
import { presetNote } from '../explain/preset-note';
import { globalOptions } from '../global-options';
import { CLASSIFIER_MODEL_HELP, IMAGE_FORMATS_HELP } from '../model/accepted-inputs';
import { OUTPUT_HELP } from '../model/output-option';
import { integerIn, methodList } from '../option-parsers';
import { addClassChoiceOptions } from './class-options';

interface BatchOptions {
  model?: string;
  labels?: string;
  output?: string;
  image?: string[];
  manifest?: string;
  layer?: string[];
  class?: number;
  top?: number;
  method?: string[];
  preset?: PresetName;
  verify: boolean;
  overlay: boolean;
  colormap: string;
  maxSide: number;
  out: string;
  workers: number;
  chunk: number;
  resume: boolean;
  queue?: string;
  name?: string;
  status?: string;
}

const HELP = `
Input: --image files, folders or quoted globs, or --manifest, a JSONL file with one object per
line ({"image": "a.jpg", "classes": [3, 7]}) or a CSV with a header (image,classes; classes split
by spaces or ';'); image paths are relative to the manifest. A row without classes gets --top/--class.
Output, in --out:
  maps/<id>-<method>-<class>.npy  the map, float32 [h, w] at the explained layer's grid, in [0,1]
  maps/<id>-<method>-<class>.png  with --overlay: the map over the image (at most --max-side)
  index.jsonl   one JSON object per item, in input order: id, image, status (ok or failed), top
                classes, per map its class, score, 15% box and files, timings, error
  rows/<id>.json  the same row per item while the run goes on; run.json, items.jsonl: the run
A failing item is recorded (status failed) and the others go on; exit code 1 if any failed.
--resume continues the run in --out (killed, or interrupted): finished items are not recomputed.
Across machines: --queue redis://host:port --name run1 enqueues the run in chunks for gradcam worker
processes (any machine that sees --out at the same path) and follows it; --status run1 reports
(see docs/batch.md)`;

/** `gradcam batch`: a classifier's maps over a whole dataset, on every core, resumable. */
export function registerBatchCommand(program: Command): Command {
  return addClassChoiceOptions(
    program
      .command('batch')
      .description('explain a whole dataset: every item on every core, written as it goes, resumable')
      .option('--model <path>', CLASSIFIER_MODEL_HELP)
      .option('--output <name>', OUTPUT_HELP)
      .option('--labels <file>', LABELS_HELP)
      .option('-i, --image <paths...>', `image files (${IMAGE_FORMATS_HELP}), folders or quoted globs`)
      .option('--manifest <file>', 'a JSONL or CSV list of images with their classes (see below)'),
  )
    .option(
      '-m, --method <names>',
      `CAM method(s), comma list (${methodNames().join(', ')}); default gradcam`,
      methodList,
    )
    .addOption(
      new Option('--preset <name>', 'pixel normalisation the model was trained with (default unit)').choices(
        Object.keys(PRESETS),
      ),
    )
    .option(
      '--verify',
      "check each map's gradient against finite differences; a failing check fails the item",
      false,
    )
    .option('--overlay', 'also write each map over its image as a PNG', false)
    .addOption(
      new Option('--colormap <name>', 'colormap of the overlays').choices(COLORMAP_NAMES).default('jet'),
    )
    .option(
      '--max-side <px>',
      'longest image side explained and drawn; larger images are downscaled',
      integerIn(16, 65536),
      512,
    )
    .option('-o, --out <dir>', 'output folder', 'gradcam-batch')
    .option(
      '--workers <n>',
      'worker threads, each with its own model (default: one per core)',
      integerIn(1, 256),
      availableParallelism(),
    )
    .option('--chunk <n>', 'items a worker takes at a time', integerIn(1, 10_000), 8)
    .option('--resume', 'continue the run recorded in --out, skipping the items already done', false)
    .option(
      '--queue <url>',
      'enqueue the run on this Redis server, redis://host:port, for gradcam worker processes anywhere',
    )
    .option('--name <run>', "with --queue: the run's name, for --status and --resume")
    .option('--status <run>', 'with --queue: print where the named run stands')
    .addHelpText('after', HELP)
    .action(runBatchCommand);
}

/** What defines a run, and so cannot change on --resume. */
const RUN_OPTIONS = [
  'model',
  'output',
  'labels',
  'image',
  'manifest',
  'layer',
  'class',
  'top',
  'method',
  'preset',
  'verify',
  'overlay',
  'colormap',
  'maxSide',
];

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function batchSettings(options: BatchOptions, backend: BatchSettings['backend']): BatchSettings {
  if (!options.model) fail('gradcam batch needs --model (a TF.js model.json or folder, or an .onnx file)');
  const choice: ClassChoice =
    options.class === undefined
      ? { kind: 'top', k: options.top ?? 1 }
      : { kind: 'class', index: options.class };
  return {
    model: options.model,
    layers: options.layer ?? [],
    ...(options.output ? { output: options.output } : {}),
    methods: options.method ?? ['gradcam'],
    preset: options.preset ?? 'unit',
    choice,
    verify: options.verify,
    overlay: options.overlay,
    colormap: options.colormap,
    maxSide: options.maxSide,
    backend,
  };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function runBatchCommand(options: BatchOptions, command: Command): Promise<void> {
  const global = globalOptions(command);
  if (options.status) {
    if (!options.queue) fail('--status reads a queued run: add --queue redis://host:port');
    for (const line of await queuedRunStatus(options.queue, checkRunName(options.status))) say(line);
    return;
  }
  if (options.resume) {
    const given = RUN_OPTIONS.filter((name) => command.getOptionValueSource(name) === 'cli');
    if (given.length > 0)
      fail(
        `--resume takes the run's model, inputs and settings from ${options.out}/run.json; leave out --${given.map(kebab).join(', --')}`,
      );
  }
  let start: { settings: BatchSettings; items: BatchItem[] } | undefined;
  if (!options.resume) {
    const settings = batchSettings(options, global.backend);
    const annotations = await classAnnotations(settings.model, options.labels);
    if (annotations?.classNames && annotations.classNamesFrom)
      settings.labels = { names: annotations.classNames, from: annotations.classNamesFrom };
    const note = presetNote(settings.model, options.preset);
    if (note) process.stderr.write(`${note}\n`);
    start = { settings, items: await batchItems(options) };
  }
  if (options.queue) {
    if (!options.name) fail("--queue needs --name: the run's name, for gradcam batch --status and --resume");
    const name = checkRunName(options.name);
    if (start) say(`queueing ${start.items.length} item(s) as run ${name} on ${options.queue}`);
    const queued = {
      url: options.queue,
      name,
      out: options.out,
      chunk: options.chunk,
      quiet: global.quiet,
      start,
      say,
    };
    const outcome = await runOnQueue(queued);
    for (const line of describeOutcome(outcome, outcome.out)) say(line);
    if (outcome.failed > 0 || outcome.missing > 0) process.exitCode = 1;
    return;
  }
  const run = { out: options.out, threads: options.workers, chunk: options.chunk, quiet: global.quiet };
  if (start) say(`explaining ${start.items.length} item(s) on ${run.threads} worker thread(s)`);
  const outcome = start ? await startLocalRun(start.settings, start.items, run) : await resumeLocalRun(run);
  for (const line of describeOutcome(outcome, options.out)) say(line);
  if (outcome.failed > 0) process.exitCode = 1;
}
