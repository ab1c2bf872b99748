// A backward pass holds, per row, the tiled activations, their gradient and the method's
// temporaries, plus whatever the head keeps for its own backward pass. Six copies of the
// activations is a conservative guess that matches small heads; `maxRowsPerPass` overrides it.
const COPIES_PER_ROW = 6;
const DEFAULT_BUDGET_MB = 256;

export function rowsPerPass(
  activationShape: readonly number[],
  totalRows: number,
  budgetMB = DEFAULT_BUDGET_MB,
  cap = Number.POSITIVE_INFINITY,
): number {
  const [, h, w, c] = activationShape;
  const bytesPerRow = h * w * c * 4 * COPIES_PER_ROW;
  const fit = Math.max(1, Math.floor((budgetMB * 1024 * 1024) / bytesPerRow));
  return Math.max(1, Math.min(fit, cap, totalRows));
}
