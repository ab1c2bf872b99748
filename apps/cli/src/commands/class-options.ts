import { type Command, Option } from 'commander';
import { integerIn, listOf } from '../option-parsers';

/** What a classifier command explains: its layers, and one named class or the k best. */
export function addClassChoiceOptions(command: Command): Command {
  return command
    .option('-l, --layer <names>', 'layer(s) to explain, repeatable or comma list: maps averaged', listOf())
    .addOption(new Option('--class <n>', 'explain this class index').argParser(integerIn(0, 1e9)))
    .addOption(
      new Option('--top <k>', 'explain the k best classes (default 1)')
        .argParser(integerIn(1, 1000))
        .conflicts('class'),
    );
}
