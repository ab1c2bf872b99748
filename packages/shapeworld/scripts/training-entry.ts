/** One model of `pnpm train`: trained in its own module, summarised in one line at the end. */
export interface TrainingEntry {
  name: string;
  /** Wall-clock budget in minutes on the 2-core reference machine (reported, not enforced). */
  budgetMinutes: number;
  /** Trains, saves under models/<name>/, and returns the figures for the summary. */
  train(): Promise<Record<string, number | string>>;
}
