import { Command } from 'commander';
import { registerBatchCommand } from './commands/batch';
import { registerCaptionCommand } from './commands/caption';
import { registerCheckCommand } from './commands/check';
import { registerDemoCommand } from './commands/demo';
import { registerEvalCommand } from './commands/eval';
import { registerExplainCommand } from './commands/explain';
import { registerLayersCommand } from './commands/layers';
import { registerOcrCommand } from './commands/ocr';
import { registerVqaCommand } from './commands/vqa';
import { registerWorkerCommand } from './commands/worker';
import { formatUsageError } from './errors';
import { addGlobalOptions, globalOptions } from './global-options';
import { allowOverwrite } from './output-folder';
import { VERSION } from './version';

/** Each subcommand lives in one file under commands/ and adds itself to the program. */
const COMMANDS: ((program: Command) => Command)[] = [
  registerBatchCommand,
  registerCaptionCommand,
  registerCheckCommand,
  registerDemoCommand,
  registerEvalCommand,
  registerExplainCommand,
  registerLayersCommand,
  registerOcrCommand,
  registerVqaCommand,
  registerWorkerCommand,
];

/** Usage errors in the CLI's one-line form, pointing at the help of the command concerned. */
function oneLineUsageErrors(command: Command, path: string): void {
  command.configureOutput({
    outputError: (text, write) => write(`${formatUsageError(text, path)}\n`),
  });
}

/**
 * The `gradcam` program. Commander never calls process.exit (exitOverride): it throws, and the
 * entry point decides the exit code, so that a test can build and run the program in-process.
 */
export function createProgram(): Command {
  const program = new Command('gradcam')
    .description('Grad-CAM visual explanations for TF.js and ONNX models, from the command line')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError()
    // A subcommand's help also lists --backend, --verbose and --quiet, which it accepts too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  addGlobalOptions(program);
  program.hook('preAction', (_program, action) => allowOverwrite(globalOptions(action).overwrite));
  oneLineUsageErrors(program, 'gradcam');
  for (const register of COMMANDS) {
    const command = register(program);
    oneLineUsageErrors(command, `gradcam ${command.name()}`);
  }
  program.addHelpText(
    'after',
    '\nGlobal options may also follow the command name.\nStart with `gradcam demo`: it needs no model or download.',
  );
  return program;
}
