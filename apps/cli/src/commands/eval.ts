import { methodNames } from '@gradcam/core';
import { DEFAULT_EVAL_SCENES, DEFAULT_EVAL_SEED, type EvalModel, runEval, withSubsets } from '@gradcam/eval';
import type { Command } from 'commander';
import { describeBackend, useBackend } from '../backend';
import { parseEvalModels, parseMethods } from '../eval/options';
import { globalOptions } from '../global-options';
import { integerIn } from '../option-parsers';
import { outputFolder } from '../output-folder';
import { type Progress, startProgress } from '../progress';
import { VERSION } from '../version';

/** The run as a command that repeats it exactly (every setting that changes a number). */
function commandLine(s: { scenes: number; seed: number; methods: string[]; models: string[] }): string {
  return `gradcam eval --scenes ${s.scenes} --seed ${s.seed} --methods ${s.methods.join(',')} --models ${s.models.join(',')}`;
}

interface EvalOptions {
  scenes: number;
  seed: number;
  methods?: string[];
  models?: EvalModel[];
  out: string;
}

/** `gradcam eval`: every method on the ShapeWorld reference models, against ground truth. */
export function registerEvalCommand(program: Command): Command {
  return program
    .command('eval')
    .description(
      'measure every CAM method on the ShapeWorld reference models against ground-truth masks: localization, faithfulness, sanity, with baselines and 95% intervals',
    )
    .option('--scenes <n>', 'held-out scenes to evaluate (1-2000)', integerIn(1, 2000), DEFAULT_EVAL_SCENES)
    .option('--seed <n>', 'seed of the evaluation scenes', integerIn(0, 2 ** 32 - 1), DEFAULT_EVAL_SEED)
    .option(
      '--methods <list>',
      `CAM methods, comma-separated (default all: ${methodNames().join(', ')})`,
      parseMethods,
    )
    .option('--models <list>', 'models: classifier, captioner, vqa (default all)', parseEvalModels)
    .option('-o, --out <dir>', 'folder for eval.md, eval.json, eval.html and examples/', 'gradcam-eval')
    .action(async (options: EvalOptions, command: Command) => {
      const global = globalOptions(command);
      const outDir = await outputFolder(options.out);
      const backend = await useBackend(global.backend);
      const print = (line: string): void => {
        process.stdout.write(`${line}\n`);
      };
      if (global.verbose)
        for (const line of describeBackend(backend, true)) process.stderr.write(`${line}\n`);
      const settings = withSubsets({
        scenes: options.scenes,
        seed: options.seed,
        methods: options.methods ?? methodNames(),
        models: options.models ?? ['classifier', 'captioner', 'vqa'],
      });
      let bar: Progress | undefined;
      const { markdown, files } = await runEval({
        settings,
        outDir,
        version: VERSION,
        command: commandLine(settings),
        backend: backend.name,
        progress: {
          start: (total) => {
            bar = startProgress(total, { title: 'evaluating', quiet: global.quiet });
          },
          tick: (what) => bar?.tick(what),
          stop: () => bar?.stop(),
        },
      });
      print(markdown);
      print(`written: ${files.join(', ')} and examples/`);
    });
}
