import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { methodNames } from '@gradcam/core';
import { renderReportBook } from '@gradcam/render';
import type { Command } from 'commander';
import { describeBackend, useBackend } from '../backend';
import { runMainJob } from '../demo/main-job';
import { mainJobBook, mainJobLines, taskFigures } from '../demo/main-report';
import { globalOptions } from '../global-options';
import { camMethod, integerIn } from '../option-parsers';
import { outputFolder } from '../output-folder';
import { startProgress } from '../progress';
import { sceneSeeds } from '../shapeworld/generated-scenes';
import { VERSION } from '../version';

interface DemoOptions {
  out: string;
  method: string;
  scenes: number;
  seed: number;
  questions: number;
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
    .option('--scenes <n>', 'number of scenes (1-1000)', integerIn(1, 1000), 4)
    .option('--seed <n>', 'seed of the first scene (scene k is seed + k)', integerIn(0, 2 ** 31), 1)
    .option('--questions <n>', 'questions asked per scene (0-5)', integerIn(0, 5), 3)
    .action(async (options: DemoOptions, command: Command) => {
      const global = globalOptions(command);
      const outDir = await outputFolder(options.out);
      const print = (line: string): void => {
        process.stdout.write(`${line}\n`);
      };
      const backend = await useBackend(global.backend);
      describeBackend(backend, global.verbose).forEach(print);
      await runMainDemo(options, outDir, backend, global.quiet, print);
    });
}

async function runMainDemo(
  options: DemoOptions,
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
