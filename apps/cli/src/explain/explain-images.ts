import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenModel } from '../model/open-model';
import { classesPage } from '../report/classes-page';
import { degenerateMaps } from '../report/degenerate-maps';
import { writeReportPage } from '../report/write-page';
import type { Annotations } from './annotations';
import { boundedBox } from './bounded-box';
import { ranked } from './class-scores';
import { explainImage } from './explain-image';
import { outputNames } from './output-names';
import { type ExplainSettings, type OutputSettings, PAGE_MAPS } from './settings';
import type { ImageFailure, ImageSummary, MapSummary, RunInfo } from './summary';
import { writeMapFiles } from './write-outputs';

const TOP_CLASSES_REPORTED = 5;

export interface BatchOptions extends ExplainSettings, OutputSettings {
  /** Copied into each image's JSON, so that one file says everything about its image. */
  run: RunInfo;
  /** Class names and ground truth, when the CLI knows them (the bundled classifier). */
  annotations?: Annotations;
  /** Called after each image, failed or not, e.g. to advance a progress bar. */
  onImage?: (file: string, index: number) => void;
}

/** A failed image, with the error itself for --verbose. */
export interface BatchFailure extends ImageFailure {
  error: unknown;
}

export interface BatchResult {
  images: ImageSummary[];
  failures: BatchFailure[];
}

/**
 * Explains the images one at a time: each is decoded, explained, written and let go before the
 * next is read, so memory stays that of one image however many there are. A failing image is
 * recorded and the others go on.
 */
export async function explainImages(
  model: OpenModel,
  files: readonly string[],
  options: BatchOptions,
): Promise<BatchResult> {
  const names = outputNames(files);
  const images: ImageSummary[] = [];
  const failures: BatchFailure[] = [];
  for (const [index, file] of files.entries()) {
    try {
      images.push(await explainOne(model, file, names[index], options));
    } catch (error) {
      failures.push({ image: file, message: failureMessage(file, error), error });
    }
    options.onImage?.(file, index);
  }
  return { images, failures };
}

async function explainOne(
  model: OpenModel,
  file: string,
  name: string,
  options: BatchOptions,
): Promise<ImageSummary> {
  const started = performance.now();
  const html = options.formats.includes('html');
  const { image, scores, explained, explanation, plain, compared } = await explainImage(
    model,
    file,
    options,
    html,
  );
  const maps: MapSummary[] = [];
  const { annotations } = options;
  const degenerate = degenerateMaps(explanation.maps.map((e) => e.map));
  for (const [k, entry] of explanation.maps.entries()) {
    const score = explained[entry.target];
    const label = annotations?.classNames?.[score.class];
    const truth = annotations?.truth?.(file, score.class, entry.map);
    maps.push({
      ...score,
      ...(label === undefined ? {} : { label }),
      box: boundedBox(entry.map),
      ...(truth === undefined ? {} : { truth }),
      files: await writeMapFiles(
        image,
        entry,
        `${name}-${annotations?.classFileParts?.[score.class] ?? label ?? score.class}`,
        options,
      ),
      ...(entry.verification ? { verification: entry.verification } : {}),
      ...(degenerate[k] ? { degenerate: degenerate[k] } : {}),
    });
  }
  const summary: ImageSummary = {
    image: file,
    name,
    width: image.width,
    height: image.height,
    topClasses: ranked(scores).slice(0, Math.max(TOP_CLASSES_REPORTED, explained.length)),
    maps,
    timing: { explainMs: explanation.timeMs, totalMs: performance.now() - started },
    ...(explanation.verification ? { verification: explanation.verification } : {}),
  };
  if (html) {
    const page = await classesPage({
      file,
      image,
      explained,
      explanation,
      plain,
      compared,
      model: options.run.model.source,
      scoresLogits: options.run.model.scoresLogits,
      colormap: options.colormap,
      preset: options.preset,
      targets: options.run.targets,
      classNames: annotations?.classNames,
      truths: maps.map((m) => m.truth),
      degenerate,
      notice: options.run.notice,
      pageMaps: options.pageMaps ?? PAGE_MAPS,
      mapsFile: options.formats.includes('json') ? `${name}.json` : undefined,
    });
    summary.report = `${name}.html`;
    await writeReportPage(join(options.out, summary.report), page);
    summary.timing.totalMs = performance.now() - started;
  }
  if (options.formats.includes('json')) {
    await writeFile(
      join(options.out, `${name}.json`),
      `${JSON.stringify({ ...options.run, ...summary }, null, 2)}\n`,
    );
  }
  return summary;
}

/** One line that names the file (decode errors already quote it). */
function failureMessage(file: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
  return message.includes(file) ? message : `${file}: ${message}`;
}
