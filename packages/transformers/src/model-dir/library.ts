import { GradcamError } from '@gradcam/core';

/** A tensor as transformers.js hands it out (its `Tensor` class, v2 and v3 alike). */
export interface TjsTensor {
  dims: number[];
  type: string;
  data: ArrayLike<number | bigint>;
}

export interface TjsRawImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8ClampedArray | Uint8Array;
}

/**
 * The part of `@xenova/transformers` (2.x) and `@huggingface/transformers` (3.x) this package
 * uses; both have these names and signatures.
 */
export interface TransformersModule {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  AutoProcessor: { from_pretrained(path: string, options?: object): Promise<TjsProcessor> };
  AutoTokenizer: { from_pretrained(path: string, options?: object): Promise<TjsTokenizer> };
  AutoModelForVision2Seq: { from_pretrained(path: string, options?: object): Promise<TjsModel> };
  RawImage: {
    new (
      data: Uint8ClampedArray | Uint8Array,
      width: number,
      height: number,
      channels: 1 | 2 | 3 | 4,
    ): TjsRawImage;
    read(input: string | URL): Promise<TjsRawImage>;
  };
}

export type TjsProcessor = (image: TjsRawImage) => Promise<{ pixel_values: TjsTensor }>;

export interface TjsTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  decode(ids: number[], options?: { skip_special_tokens?: boolean }): string;
  model: {
    vocab: string[] | Map<string, number> | Record<string, number>;
    tokens_to_ids?: Map<string, number>;
  };
}

export interface TjsModel {
  generate(inputs: unknown, ...rest: unknown[]): Promise<TjsTensor | number[][] | bigint[][]>;
  dispose(): Promise<unknown>;
}

/** Which transformers.js the user has: the maintained successor first. */
export const TRANSFORMERS_PACKAGES = ['@huggingface/transformers', '@xenova/transformers'] as const;

export interface Library {
  module: TransformersModule;
  /** The package's name when detected, or `given` when the caller passed the module. */
  name: string;
  /** 2 for @xenova/transformers, 3+ for @huggingface/transformers (their option names differ). */
  major: number;
}

function looksLikeTransformers(m: unknown): m is TransformersModule {
  const t = m as Partial<TransformersModule> | undefined;
  return !!t && typeof t.AutoModelForVision2Seq?.from_pretrained === 'function' && !!t.env && !!t.RawImage;
}

/**
 * The transformers.js module: the one given, else whichever of the two packages is installed.
 * Its version decides the options: v2 picks `_quantized` files unless told `quantized: false`,
 * v3 picks by `dtype`.
 */
export async function resolveLibrary(given?: unknown): Promise<Library> {
  if (given !== undefined) {
    if (!looksLikeTransformers(given)) {
      throw new GradcamError(
        'the `transformers` option is not a transformers.js module: pass `await import("@huggingface/transformers")` ' +
          'or `await import("@xenova/transformers")` (it needs AutoModelForVision2Seq, AutoProcessor, AutoTokenizer, RawImage, env)',
      );
    }
    return { module: given, name: 'given', major: majorOf(given) };
  }
  for (const name of TRANSFORMERS_PACKAGES) {
    try {
      const module = (await import(name)) as TransformersModule;
      if (looksLikeTransformers(module)) return { module, name, major: majorOf(module) };
    } catch (error) {
      if (!isMissingModule(error)) throw error;
    }
  }
  throw new GradcamError(
    'no transformers.js found: install @huggingface/transformers (or @xenova/transformers 2.17), ' +
      'or pass the module as the `transformers` option',
  );
}

/** v3 exports `AutoModelForImageTextToText`; v2 does not. */
function majorOf(module: TransformersModule): number {
  return 'AutoModelForImageTextToText' in module ? 3 : 2;
}

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
