import { ProgressBar, seconds } from './progress';
import type { Schedule } from './train-steps';

/** What one training step reports: its loss, and any counts the epoch's log line sums. */
export type StepFigures = { loss: number } & Record<string, number>;

export interface EpochLoop<F extends StepFigures> {
  /** Model name, first word of every log line. */
  name: string;
  schedule: Schedule;
  /** When training began (performance.now()), for the running total in the log. */
  started: number;
  /** How the mean loss is labelled in the log (`loss`, `loss/word`). */
  lossLabel?: string;
  /** Runs global step `index` (0-based over the whole schedule). */
  step(index: number): F;
  /**
   * After each epoch, given the sums of the epoch's step figures: evaluates, and returns what the
   * log line says besides the loss and the time.
   */
  endOfEpoch(epoch: number, sums: F): string | Promise<string>;
}

/**
 * The epoch loop the reference models share: a progress bar over each epoch's steps, then one log
 * line per epoch with the mean loss, the caller's figures and the time.
 */
export async function runEpochs<F extends StepFigures>(loop: EpochLoop<F>): Promise<void> {
  const { epochs, stepsPerEpoch } = loop.schedule;
  let step = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const epochStart = performance.now();
    const bar = new ProgressBar(`epoch ${epoch}/${epochs}`, stepsPerEpoch);
    const sums: Record<string, number> = {};
    for (let s = 0; s < stepsPerEpoch; s++, step++) {
      for (const [key, value] of Object.entries(loop.step(step))) sums[key] = (sums[key] ?? 0) + value;
      bar.update(s + 1, `loss ${(sums.loss / (s + 1)).toFixed(4)}`);
    }
    bar.clear();
    const figures = await loop.endOfEpoch(epoch, sums as F);
    console.log(
      `${loop.name} epoch ${String(epoch).padStart(2)}/${epochs}  ${loop.lossLabel ?? 'loss'} ${(sums.loss / stepsPerEpoch).toFixed(4)}  ` +
        `${figures}  ${seconds(epochStart).toFixed(1)} s (total ${seconds(loop.started).toFixed(0)} s)`,
    );
  }
}
