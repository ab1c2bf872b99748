import { basename, dirname, resolve } from 'node:path';
import { GradcamError } from '@gradcam/core';
import { loadOnnxFile, type OnnxExecutor } from '@gradcam/onnx';
import {
  type Library,
  resolveLibrary,
  type TjsModel,
  type TjsProcessor,
  type TjsRawImage,
  type TjsTensor,
  type TjsTokenizer,
} from './library';
import { type ModelDir, readModelDir } from './read-model-dir';

export interface LoadCaptionerOptions {
  /**
   * The transformers.js module (`await import('@huggingface/transformers')` or
   * `@xenova/transformers`); default: whichever is installed.
   */
  transformers?: unknown;
}

/**
 * A transformers.js captioner loaded twice over: by transformers.js (preprocessing, tokenizer,
 * generation on onnxruntime) and by @gradcam/onnx (the encoder and decoder graphs as TF.js ops,
 * for gradients). Call `dispose()` when done.
 */
export interface ImageCaptioner {
  readonly modelDir: ModelDir;
  readonly library: Library;
  readonly processor: TjsProcessor;
  readonly tokenizer: TjsTokenizer;
  readonly model: TjsModel;
  readonly encoder: OnnxExecutor;
  readonly decoder: OnnxExecutor;
  dispose(): Promise<void>;
}

// Gradients need the graphs in TF.js; transformers.js brings its own onnxruntime for generation, and a
// second native onnxruntime build in the same process can break the first.
const TFJS = { execution: 'tfjs' } as const;

/** Loads a local transformers.js vision-encoder-decoder folder, offline (remote models off). */
export async function loadImageCaptioner(
  dir: string,
  options: LoadCaptionerOptions = {},
): Promise<ImageCaptioner> {
  const modelDir = readModelDir(resolve(dir));
  const library = await resolveLibrary(options.transformers);
  const { env, AutoProcessor, AutoTokenizer, AutoModelForVision2Seq } = library.module;
  // transformers.js resolves a model id under env.localModelPath; the user's settings are restored after.
  const saved = { remote: env.allowRemoteModels, local: env.allowLocalModels, path: env.localModelPath };
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(modelDir.dir)}/`;
  const id = basename(modelDir.dir);
  // v2 reads *_quantized.onnx unless told otherwise; v3 chooses by dtype. fp32 is what we import.
  const fileOptions = library.major >= 3 ? { dtype: 'fp32', device: 'cpu' } : { quantized: false };
  let loaded: [TjsProcessor, TjsTokenizer, TjsModel];
  try {
    loaded = await Promise.all([
      AutoProcessor.from_pretrained(id, { local_files_only: true }),
      AutoTokenizer.from_pretrained(id, { local_files_only: true }),
      AutoModelForVision2Seq.from_pretrained(id, { local_files_only: true, ...fileOptions }),
    ]);
  } catch (error) {
    throw new GradcamError(
      `transformers.js (${library.name}) could not load ${modelDir.dir}: ${(error as Error).message}`,
    );
  } finally {
    env.allowRemoteModels = saved.remote;
    env.allowLocalModels = saved.local;
    env.localModelPath = saved.path;
  }
  const [processor, tokenizer, model] = loaded;
  let encoder: OnnxExecutor | undefined;
  try {
    encoder = await loadOnnxFile(modelDir.encoderFile, TFJS);
    const decoder = await loadOnnxFile(modelDir.decoderFile, TFJS);
    return {
      modelDir,
      library,
      processor,
      tokenizer,
      model,
      encoder,
      decoder,
      dispose: async () => {
        encoder!.dispose();
        decoder.dispose();
        await model.dispose();
      },
    };
  } catch (error) {
    encoder?.dispose();
    await model.dispose();
    throw error;
  }
}

/** An image as transformers.js reads it: a file path, or RGB(A) pixels. */
export type CaptionImage =
  | string
  | TjsRawImage
  | { data: Uint8Array | Uint8ClampedArray; width: number; height: number; channels?: 1 | 2 | 3 | 4 };

/** The image through the model's own processor: `pixel_values` as transformers.js computes them, and the image's size. */
export async function preprocess(
  captioner: ImageCaptioner,
  image: CaptionImage,
): Promise<{ pixelValues: TjsTensor; height: number; width: number }> {
  const { RawImage } = captioner.library.module;
  let raw: TjsRawImage;
  if (typeof image === 'string') {
    try {
      raw = await RawImage.read(image);
    } catch (error) {
      throw new GradcamError(`cannot read image ${image}: ${(error as Error).message}`);
    }
  } else if (image instanceof RawImage) {
    raw = image;
  } else {
    const channels = image.channels ?? image.data.length / (image.width * image.height);
    if (![1, 2, 3, 4].includes(channels) || image.data.length !== image.width * image.height * channels) {
      throw new GradcamError(
        `the image's ${image.data.length} bytes are not ${image.width}x${image.height} pixels of 1 to 4 channels`,
      );
    }
    raw = new RawImage(image.data, image.width, image.height, channels as 1 | 2 | 3 | 4);
  }
  const { pixel_values } = await captioner.processor(raw);
  return { pixelValues: pixel_values, height: raw.height, width: raw.width };
}
