import cliProgress from 'cli-progress';

/** Progress over a known number of items; a no-op when there is nobody to watch it. */
export interface Progress {
  /** One more item done; `item` names the next one, or the one just finished. */
  tick(item?: string): void;
  /** Removes the bar; call it before printing results. */
  stop(): void;
}

export interface ProgressOptions {
  /** Shown before the bar, e.g. `explaining scenes`. */
  title: string;
  /** --quiet: no bar even on a terminal. */
  quiet?: boolean;
  /** Where the bar goes; stderr, so that stdout stays clean for results and pipes. */
  stream?: NodeJS.WriteStream;
}

const SILENT: Progress = { tick: () => {}, stop: () => {} };

/**
 * A bar on stderr, only when stderr is a terminal: in a pipe or a log file the redraws would be
 * garbage, and scripts asked for --quiet.
 */
export function startProgress(total: number, options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet || !stream.isTTY || total <= 0) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.title} [{bar}] {value}/{total} {item}`,
      stream,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { item: '' });
  let stopped = false;
  return {
    tick: (item = '') => bar.increment(1, { item }),
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
