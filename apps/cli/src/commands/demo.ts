import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { methodNames } from '@gradcam/core';
import type { Command } from 'commander';
import { describeBackend, useBackend } from '../backend';
import { COLOUR_MAPS_LAYER } from '../demo/colour-detector';
import { COLOURS } from '../demo/colours';
import { demoReport } from '../demo/report';
import { explainScenes } from '../demo/run-demo';
import { type SceneResult, summarize } from '../demo/summary';
import { globalOptions } from '../global-options';
import { camMethod, integerIn } from '../option-parsers';
import { outputFolder } from '../output-folder';
import { startProgress } from '../progress';
import { VERSION } from '../version';

interface DemoOptions {
  out: string;
  method: string;
  size: number;
  scenes: number;
  seed: number;
}

/** `gradcam demo`: the whole pipeline on built-in scenes, no model or download needed. */
export function registerDemoCommand(program: Command): Command {
  return program
    .command('demo')
    .description(
      'explain a hand-made colour detector on generated scenes of red, green and blue shapes, and check that the maps find them',
    )
    .option('-o, --out <dir>', 'folder for the images and summary.json', 'gradcam-demo')
    .option('-m, --method <name>', `CAM method (${methodNames().join(', ')})`, camMethod, 'gradcam')
    .option('--size <pixels>', 'side of the square scenes (32-1024)', integerIn(32, 1024), 128)
    .option('--scenes <n>', 'number of scenes (1-1000)', integerIn(1, 1000), 3)
    .option('--seed <n>', 'seed of the scene generator', integerIn(0, 2 ** 32 - 1), 1)
    .action(async (options: DemoOptions, command: Command) => {
      const global = globalOptions(command);
      const outDir = await outputFolder(options.out);
      const print = (line: string): void => {
        process.stdout.write(`${line}\n`);
      };
      const backend = await useBackend(global.backend);
      describeBackend(backend, global.verbose).forEach(print);
      print(
        `model: hand-made colour detector (red/green/blue), explained layer ${COLOUR_MAPS_LAYER}; method ${options.method}`,
      );
      const progress = startProgress(options.scenes, { title: 'explaining scenes', quiet: global.quiet });
      let scenes: SceneResult[];
      try {
        scenes = await explainScenes({
          ...options,
          out: outDir,
          onScene: (i) => progress.tick(`scene ${i}`),
        });
      } finally {
        progress.stop();
      }
      const summary = summarize(scenes, {
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
