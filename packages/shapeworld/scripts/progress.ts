/**
 * A one-line progress bar on stderr for a terminal (redrawn at most 10 times a second), silent
 * when stderr is a pipe or a file, so CI logs keep only the per-epoch lines.
 */
export class ProgressBar {
  private lastDraw = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly width = 30,
  ) {}

  update(done: number, note = ''): void {
    if (!this.tty) return;
    const now = performance.now();
    if (done < this.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const filled = Math.round((done / this.total) * this.width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}`;
    process.stderr.write(`\r${this.label} [${bar}] ${done}/${this.total} ${note}\x1b[K`);
  }

  /** Clears the bar so that a log line can be printed in its place. */
  clear(): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
  }
}

export const seconds = (since: number) => (performance.now() - since) / 1000;
