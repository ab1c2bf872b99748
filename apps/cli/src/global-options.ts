import { type Command, Option } from 'commander';

export const BACKEND_CHOICES = ['auto', 'wasm', 'cpu', 'tensorflow'] as const;
export type BackendOption = (typeof BACKEND_CHOICES)[number];

/** Options of the `gradcam` program itself, which every subcommand sees. */
export interface GlobalOptions {
  verbose: boolean;
  quiet: boolean;
  backend: BackendOption;
  overwrite: boolean;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--verbose', 'print the stack of errors and more detail about the backend', false)
    .option('-q, --quiet', 'no progress bar', false)
    .option('--overwrite', 'write into an output folder that already holds files (refused otherwise)', false)
    .addOption(
      new Option('--backend <name>', 'TF.js backend: auto picks tfjs-node if installed, else wasm, else cpu')
        .choices(BACKEND_CHOICES)
        .default('auto'),
    );
}

/** The global options as a subcommand sees them (they may be given before or after its name). */
export function globalOptions(command: Command): GlobalOptions {
  const all = command.optsWithGlobals();
  return {
    verbose: Boolean(all.verbose),
    quiet: Boolean(all.quiet),
    backend: all.backend ?? 'auto',
    overwrite: Boolean(all.overwrite),
  };
}
