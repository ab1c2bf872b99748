import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VerificationSummary } from '@gradcam/core';
import type { RgbImage } from '@gradcam/render';
import type { OpenModel } from '../model/open-model';
import { classesPage } from '../report/classes-page';
import { DegenerateTracker } from '../report/degenerate-maps';
import { writeReportPage } from '../report/write-page';
import type { Annotations } from './annotations';
import { boundedBox } from './bounded-box';
import { ranked } from './class-scores';
import { type ExplainedChunk, explainInChunks } from './explain-image';
import { mapsPerChunk, mergeVerification } from './map-chunks';
import { type ExplainSettings, type OutputSettings, PAGE_MAPS } from './settings';
import type { ImageSummary, MapSummary, RunInfo } from './summary';
import { writeMapFiles } from './write-outputs';

const TOP_CLASSES_REPORTED = 5;

export interface ImageJob extends ExplainSettings, OutputSettings {
  /** Copied into each image's JSON, so that one file says everything about its image. */
  run: RunInfo;
  /** Class names and ground truth, when the CLI knows them (the bundled classifier). */
  annotations?: Annotations;
  /** Write a page of its own for each image (html among the formats). */
  pages?: boolean;
  /** Bytes of maps per engine call (default MAP_CHUNK_BYTES). */
  mapChunkBytes?: number;
}

/** An image explained, whose files may still be being written: `finished` resolves to its summary. */
export interface StartedImage {
  explainMs: number;
  finished: Promise<ImageSummary>;
}

/**
 * Explains one decoded image and starts writing its files; the files of the last chunk of classes,
 * its page and its JSON are written while the caller goes on (the next image's explanation), and
 * `finished` says when they are. Earlier chunks of a long --top are written before the next chunk
 * is explained, so that at most one chunk of maps (MAP_CHUNK_BYTES) and the page's maps are held.
 */
export async function explainOneImage(
  model: OpenModel,
  file: string,
  name: string,
  image: RgbImage,
  job: ImageJob,
  started = performance.now(),
): Promise<StartedImage> {
  const maps: MapSummary[] = [];
  const degenerate = new DegenerateTracker();
  const verifications: VerificationSummary[] = [];
  let explainMs = 0;
  let page: ExplainedChunk | undefined;
  let writing: Promise<void> = Promise.resolve();
  const pageMaps = job.pageMaps ?? PAGE_MAPS;
  const chunk = mapsPerChunk(image.height, image.width, job.mapChunkBytes);
  const { scores, explained } = await explainInChunks(
    model,
    image,
    job,
    { forPage: job.pages, pageMaps, chunk },
    async (part) => {
      await writing;
      explainMs += part.explanation.timeMs;
      if (part.explanation.verification) verifications.push(part.explanation.verification);
      if (part.offset === 0 && job.pages) page = part;
      writing = writeChunk(part, file, name, job, maps, degenerate);
    },
  );
  const finished = (async (): Promise<ImageSummary> => {
    await writing;
    const reasons = degenerate.reasons();
    maps.forEach((m, k) => {
      if (reasons[k]) m.degenerate = reasons[k];
    });
    const verification = mergeVerification(verifications);
    const summary: ImageSummary = {
      image: file,
      name,
      width: image.width,
      height: image.height,
      topClasses: ranked(scores).slice(0, Math.max(TOP_CLASSES_REPORTED, explained.length)),
      maps,
      timing: { explainMs, totalMs: 0 },
      ...(verification ? { verification } : {}),
    };
    if (page) {
      summary.report = `${name}.html`;
      const html = await classesPage({
        file,
        image,
        explained: page.explained,
        explanation: page.explanation,
        plain: page.plain,
        compared: page.compared,
        model: job.run.model.source,
        scoresLogits: job.run.model.scoresLogits,
        colormap: job.colormap,
        preset: job.preset,
        targets: job.run.targets,
        classNames: job.annotations?.classNames,
        truths: maps.map((m) => m.truth),
        degenerate: reasons,
        notice: job.run.notice,
        pageMaps,
        totalMaps: maps.length,
        mapsFile: job.formats.includes('json') ? `${name}.json` : undefined,
      });
      await writeReportPage(join(job.out, summary.report), html);
    }
    summary.timing.totalMs = performance.now() - started;
    if (job.formats.includes('json')) {
      await writeFile(
        join(job.out, `${name}.json`),
        `${JSON.stringify({ ...job.run, ...summary }, null, 2)}\n`,
      );
    }
    return summary;
  })();
  // Reported through `finished` by whoever awaits it; not an unhandled rejection in the meantime.
  finished.catch(() => undefined);
  return { explainMs, finished };
}

/** One chunk's map files and summaries (in class order), the box found at a bounded resolution. */
async function writeChunk(
  part: ExplainedChunk,
  file: string,
  name: string,
  job: ImageJob,
  maps: MapSummary[],
  degenerate: DegenerateTracker,
): Promise<void> {
  const { annotations } = job;
  const base = maps.length;
  for (const entry of part.explanation.maps) {
    const score = part.explained[entry.target];
    const label = annotations?.classNames?.[score.class];
    const truth = annotations?.truth?.(file, score.class, entry.map);
    degenerate.add(entry.map);
    maps[base + entry.target] = {
      ...score,
      ...(label === undefined ? {} : { label }),
      box: boundedBox(entry.map),
      ...(truth === undefined ? {} : { truth }),
      files: [],
      ...(entry.verification ? { verification: entry.verification } : {}),
    };
  }
  for (const entry of part.explanation.maps) {
    const score = part.explained[entry.target];
    const label = annotations?.classNames?.[score.class];
    maps[base + entry.target].files = await writeMapFiles(
      part.image,
      entry,
      `${name}-${annotations?.classFileParts?.[score.class] ?? label ?? score.class}`,
      job,
    );
  }
}
