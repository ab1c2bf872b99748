import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { runQueueWorker } from '../batch/queue/queue-worker';
import { integerIn } from '../option-parsers';

interface WorkerOptions {
  queue: string;
  workers: number;
  lockSeconds: number;
}

const HELP = `
Every machine of a run needs the Redis server of --queue and the run's output folder at the same
path as the machine that started the run (a shared folder, e.g. NFS). A chunk is acknowledged only
after its maps and index rows are on disk; a worker killed mid-chunk gives its chunk back after
--lock-seconds, and the next worker skips the items already written. Stop with Ctrl-C or SIGTERM:
the chunks in hand are finished first.`;

/** `gradcam worker`: explains chunks of queued `gradcam batch --queue` runs, on any machine. */
export function registerWorkerCommand(program: Command): Command {
  return program
    .command('worker')
    .description('take chunks of gradcam batch --queue runs from Redis and explain them, until stopped')
    .requiredOption('--queue <url>', 'the Redis server of the runs, redis://host:port')
    .option(
      '--workers <n>',
      'chunks explained at once, one thread each (default: one per core)',
      integerIn(1, 256),
      availableParallelism(),
    )
    .option('--lock-seconds <s>', 'how long a silent worker keeps its chunk', integerIn(1, 3600), 30)
    .addHelpText('after', HELP)
    .action(async (options: WorkerOptions) => {
      await runQueueWorker({
        url: options.queue,
        threads: options.workers,
        lockSeconds: options.lockSeconds,
        say: (line) => process.stdout.write(`${line}\n`),
      });
    });
}
