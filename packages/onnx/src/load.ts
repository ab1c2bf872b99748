import { GradcamError } from '@gradcam/core';
import { OnnxExecutor } from './executor/executor';
import { type DecodeOptions, decodeModel, type ExternalDataResolver } from './proto/decode';
import { encodeModel } from './proto/encode';
import type { OnnxModel } from './proto/types';
import { findOnnxRuntime, type OnnxRuntime } from './runtime/onnxruntime';
import { SplitRuntime } from './runtime/split';

export type { ExternalDataResolver };

export interface LoadOptions {
  /** Bytes of the files that hold externally stored tensors, by the location the model names. */
  externalData?: ExternalDataResolver;
  /**
   * onnxruntime for the body of cut models (from `findOnnxRuntime()`); without it every part of
   * the model runs in TF.js. `loadOnnxFile` finds it itself.
   */
  runtime?: OnnxRuntime;
  /** What the bytes are, for messages: the file's path. */
  source?: string;
}

/** `.onnx` bytes to the typed model (graph, initializers as typed arrays, opsets), without TF.js. */
export function parseOnnx(bytes: Uint8Array | ArrayBuffer, options: LoadOptions = {}): OnnxModel {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const decode: DecodeOptions = { externalData: options.externalData };
  try {
    return decodeModel(view, decode);
  } catch (e) {
    if (e instanceof GradcamError) throw e;
    throw new GradcamError(
      `${options.source ?? 'the given bytes'} is not an ONNX model: it does not read as an ONNX protobuf (${(e as Error).message}); give a .onnx file as torch.onnx.export or tf2onnx write it`,
    );
  }
}

/**
 * An ONNX model ready to run as TF.js ops: parsed, checked for unsupported ops (the error lists
 * them), weights uploaded to the active backend. Dispose it when done.
 */
export function loadOnnx(
  source: Uint8Array | ArrayBuffer | OnnxModel,
  options: LoadOptions = {},
): OnnxExecutor {
  let external = false;
  const externalData: ExternalDataResolver | undefined = options.externalData
    ? (location) => {
        external = true;
        return options.externalData!(location);
      }
    : undefined;
  const model = 'graph' in source ? source : parseOnnx(source, { externalData, source: options.source });
  const exec = new OnnxExecutor(model);
  if (options.runtime) {
    // onnxruntime reads a buffer without the files beside it: a model whose weights live in
    // external files (or one given parsed) is handed over re-encoded, every tensor inline.
    const bytes =
      'graph' in source || external
        ? encodeModel(model)
        : source instanceof Uint8Array
          ? source
          : new Uint8Array(source);
    exec.runtime = new SplitRuntime(
      options.runtime,
      bytes,
      new Set(model.graph.outputs.map((o) => o.name)),
      model,
    );
  }
  return exec;
}

export interface LoadFileOptions {
  /**
   * Where the body of a cut model runs: `onnxruntime` (the default when onnxruntime-node loads;
   * asking for it when it does not is an error) or `tfjs` (everything in TF.js).
   */
  execution?: 'onnxruntime' | 'tfjs';
}

/**
 * Node.js: an ONNX file, with tensors stored in external data files (`location` relative to the
 * model's directory, as ONNX writes them) read from beside it.
 */
export async function loadOnnxFile(path: string, options: LoadFileOptions = {}): Promise<OnnxExecutor> {
  const fs = await import('node:fs');
  const paths = await import('node:path');
  const dir = paths.dirname(paths.resolve(path));
  const files = new Map<string, Uint8Array>();
  const externalData: ExternalDataResolver = (location) => {
    const file = paths.resolve(dir, location);
    // The format allows only paths inside the model's directory.
    if (paths.isAbsolute(location) || !file.startsWith(dir + paths.sep)) {
      throw new GradcamError(`external data location '${location}' lies outside the model's directory`);
    }
    let bytes = files.get(file);
    if (!bytes) {
      if (!fs.existsSync(file)) {
        throw new GradcamError(`external data file '${location}' is missing (looked for ${file})`);
      }
      bytes = fs.readFileSync(file);
      files.set(file, bytes);
    }
    return bytes;
  };
  if (!fs.existsSync(path)) throw new GradcamError(`no ONNX model at ${path}`);
  const execution = options.execution;
  if (execution !== undefined && execution !== 'onnxruntime' && execution !== 'tfjs') {
    throw new GradcamError(`execution must be 'onnxruntime' or 'tfjs'; got '${execution}'`);
  }
  const found = execution === 'tfjs' ? undefined : await findOnnxRuntime();
  if (execution === 'onnxruntime' && typeof found === 'string') throw new GradcamError(found);
  const runtime = typeof found === 'string' ? undefined : found;
  const exec = loadOnnx(fs.readFileSync(path), { externalData, runtime, source: path });
  if (typeof found === 'string') exec.runtime = { unavailable: found };
  else if (execution === 'tfjs') exec.runtime = { unavailable: "execution: 'tfjs' was asked for" };
  return exec;
}
