import * as tf from '@tensorflow/tfjs-core';
import { CommanderError } from 'commander';
import { formatFailure } from './errors';
import { removeEmptyOutputFolders } from './output-folder';
import { createProgram } from './program';

/**
 * The bin. Exit codes: 0 success, help or version; 1 any error, usage errors included.
 * process.exitCode rather than process.exit(), so that pending output is flushed first.
 */
async function main(argv: string[]): Promise<void> {
  // The CLI names its backend and why itself; TF.js's own console advice (e.g. the CPU backend's
  // "install tfjs-node" banner) would only repeat it on stderr.
  tf.enableProdMode();
  const program = createProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // Commander has already printed its message (or the help); only the exit code is left.
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const verbose = Boolean(program.opts().verbose) || argv.includes('--verbose');
    process.stderr.write(`${formatFailure(error, verbose)}\n`);
    process.exitCode = 1;
  } finally {
    await removeEmptyOutputFolders();
  }
}

await main(process.argv);
