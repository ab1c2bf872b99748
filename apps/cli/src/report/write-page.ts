import { writeFile } from 'node:fs/promises';
import { type ReportInput, renderReport } from '@gradcam/render';

/** Writes one self-contained report page (see `renderReport`). */
export async function writeReportPage(path: string, input: ReportInput): Promise<void> {
  await writeFile(path, await renderReport(input));
}
