import { decodeBoundedImage } from '../bounded-image';
import type { OpenModel } from '../model/open-model';
import { explainOneImage, type ImageJob } from './explain-one';
import { outputNames } from './output-names';
import type { ImageFailure, ImageSummary } from './summary';

export interface BatchOptions extends Omit<ImageJob, 'pages'> {
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

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/**
 * Explains the images in turn, as a pipeline: while one image is explained, the next is decoded
 * (sharp, on libuv's threads) and the previous one's files are encoded and written, so that the
 * engine does not wait for either. At most three images are in flight (decoding, explained,
 * writing), so memory stays that of a few images however many there are. A failing image is
 * recorded and the others go on; results keep the order of `files`.
 */
export async function explainImages(
  model: OpenModel,
  files: readonly string[],
  options: BatchOptions,
): Promise<BatchResult> {
  const names = outputNames(files);
  const images: ImageSummary[] = [];
  const failures: BatchFailure[] = [];
  const job: ImageJob = { ...options, pages: options.formats.includes('html') };
  const decode = (i: number) => settle(decodeBoundedImage(files[i], options.maxSide));
  let next = files.length > 0 ? decode(0) : undefined;
  let writing: { index: number; finished: Promise<Settled<ImageSummary>> } | undefined;
  const finish = async () => {
    if (!writing) return;
    const { index, finished } = writing;
    writing = undefined;
    record(index, await finished);
  };
  const record = (index: number, result: Settled<ImageSummary>) => {
    const file = files[index];
    if (result.ok) images.push(result.value);
    else failures.push({ image: file, message: failureMessage(file, result.error), error: result.error });
    options.onImage?.(file, index);
  };
  for (let index = 0; index < files.length; index++) {
    const started = performance.now();
    const decoded = await next!;
    next = index + 1 < files.length ? decode(index + 1) : undefined;
    const explained = decoded.ok
      ? await settle(explainOneImage(model, files[index], names[index], decoded.value, job, started))
      : decoded;
    // The previous image's files were written while this one was explained.
    await finish();
    if (explained.ok) writing = { index, finished: settle(explained.value.finished) };
    else record(index, explained);
  }
  await finish();
  return { images, failures };
}

/** One line that names the file (decode errors already quote it). */
function failureMessage(file: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
  return message.includes(file) ? message : `${file}: ${message}`;
}
