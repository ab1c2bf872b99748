import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { methodNames } from '@gradcam/core';
import { renderReportBook } from '@gradcam/render';
import type { Command } from 'commander';
import { describeBackend, useBackend } from '../backend';
import { COLOUR_MAPS_LAYER } from '../demo/colour-detector';
import { COLOURS } from '../demo/colours';
import { runMainJob } from '../demo/main-job';
import { mainJobBook, mainJobLines, taskFigures } from '../demo/main-report';
import { demoReport } from '../demo/report';
import { explainScenes } from '../demo/run-demo';
import { type SceneResult, summarize } from '../demo/summary';
import { globalOptions } from '../global-options';
import { camMethod, integerIn } from '../option-parsers';
import { outputFolder } from '../output-folder';
import { startProgress } from '../progress';
import { sceneSeeds } from '../shapeworld/generated-scenes';
import { VERSION } from '../version';

interface DemoOptions {
  out: string;
  method: string;
  size: number;
  scenes?: number;
  seed: number;
  questions: number;
  colourDetector: boolean;
}

/** `gradcam demo`: the whole pipeline on built-in scenes, no model or download needed. */
export function registerDemoCommand(program: Command): Command {
  return program
    .command('demo')
    .description(
      'the main job: caption ShapeWorld scenes with the reference models, explain every word, answer and explain questions, explain the classifier, grade every map against the masks, and write one HTML report',
    )
    .option('-o, --out <dir>', 'folder for index.html and summary.json', 'gradcam-demo')
    .option('-m, --method <name>', `CAM method (${methodNames().join(', ')})`, camMethod, 'gradcam')
    .option(
      '--scenes <n>',
      'number of scenes (1-1000; default 4, 3 with --colour-detector)',
      integerIn(1, 1000),
    )
    .option('--seed <n>', 'seed of the first scene (scene k is seed + k)', integerIn(0, 2 ** 31), 1)
    .option('--questions <n>', 'questions asked per scene (0-5)', integerIn(0, 5), 3)
    .option(
      '--colour-detector',
      'the former demo: a hand-made colour detector on drawn scenes, no trained model',
      false,
    )
    .option(
      '--size <pixels>',
      'with --colour-detector: side of the square scenes (32-1024)',
      integerIn(32, 1024),
      128,
    )
    .action(async (options: DemoOptions, command: Command) => {
      const global = globalOptions(command);
      const outDir = await outputFolder(options.out);
      const print = (line: string): void => {
        process.stdout.write(`${line}\n`);
      };
      const backend = await useBackend(global.backend);
      describeBackend(backend, global.verbose).forEach(print);
      if (!options.colourDetector) {
        await runMainDemo({ ...options, scenes: options.scenes ?? 4 }, outDir, backend, global.quiet, print);
        return;
      }
      print(
        `model: hand-made colour detector (red/green/blue), explained layer ${COLOUR_MAPS_LAYER}; method ${options.method}`,
      );
      const scenes = options.scenes ?? 3;
      const progress = startProgress(scenes, { title: 'explaining scenes', quiet: global.quiet });
      let results: SceneResult[];
      try {
        results = await explainScenes({
          ...options,
          scenes,
          out: outDir,
          onScene: (i) => progress.tick(`scene ${i}`),
        });
      } finally {
        progress.stop();
      }
      const summary = summarize(results, {
        version: VERSION,
        backend: { name: backend.name, reason: backend.reason },
        method: options.method,
        model: { name: 'colour-detector', layer: COLOUR_MAPS_LAYER, classes: COLOURS },
        size: options.size,
        seed: options.seed,
      });
      await writeFile(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      print('');
      demoReport(summary, outDir).forEach(print);
    });
}

async function runMainDemo(
  options: DemoOptions & { scenes: number },
  outDir: string,
  backend: { name: string; reason: string },
  quiet: boolean,
  print: (line: string) => void,
): Promise<void> {
  print(
    `models: the ShapeWorld reference models committed with @gradcam/shapeworld; method ${options.method}`,
  );
  const seeds = sceneSeeds(options.seed, options.scenes);
  const progress = startProgress(seeds.length, { title: 'explaining scenes', quiet });
  const notes: string[] = [];
  let run: Awaited<ReturnType<typeof runMainJob>>;
  try {
    run = await runMainJob({
      seeds,
      method: options.method,
      questions: options.questions,
      onScene: (seed) => progress.tick(`scene ${seed}`),
      onNote: (note) => notes.push(note),
    });
  } finally {
    progress.stop();
  }
  for (const note of notes) process.stderr.write(`gradcam: ${note}\n`);
  await writeFile(
    join(outDir, 'index.html'),
    await renderReportBook(mainJobBook(run.scenes, options.method, run.models)),
  );
  const summary = {
    command: 'gradcam demo',
    version: VERSION,
    backend,
    method: options.method,
    models: run.models,
    notes,
    figures: taskFigures(run.scenes),
    scenes: run.scenes.map(({ sections, ...scene }) => scene),
  };
  await writeFile(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  print('');
  mainJobLines(run.scenes, outDir).forEach(print);
}
