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
  /** Also show the rate and the time left, e.g. `12.5 items/s, ETA 3m20s`; names the unit. */
  rate?: string;
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
      format: `${options.title} [{bar}] {value}/{total}${options.rate ? ` {rate} ${options.rate}/s, ETA {eta_formatted}` : ''} {item}`,
      stream,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { item: '', rate: '0.0' });
  const started = performance.now();
  let done = 0;
  let stopped = false;
  return {
    tick: (item = '') => {
      done++;
      const rate = (done / Math.max(1e-3, (performance.now() - started) / 1000)).toFixed(1);
      bar.increment(1, { item, rate });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
