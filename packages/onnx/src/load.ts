import { GradcamError } from '@gradcam/core';
import { OnnxExecutor } from './executor/executor';
import { type DecodeOptions, decodeModel, type ExternalDataResolver } from './proto/decode';
import type { OnnxModel } from './proto/types';

export type { ExternalDataResolver };

export interface LoadOptions {
  /** Bytes of the files that hold externally stored tensors, by the location the model names. */
  externalData?: ExternalDataResolver;
}

/** `.onnx` bytes to the typed model (graph, initializers as typed arrays, opsets), without TF.js. */
export function parseOnnx(bytes: Uint8Array | ArrayBuffer, options: LoadOptions = {}): OnnxModel {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const decode: DecodeOptions = { externalData: options.externalData };
  try {
    return decodeModel(view, decode);
  } catch (e) {
    if (e instanceof GradcamError) throw e;
    throw new GradcamError(`cannot read the ONNX model: ${(e as Error).message}`);
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
  const model = 'graph' in source ? source : parseOnnx(source, options);
  return new OnnxExecutor(model);
}

/**
 * Node.js: an ONNX file, with tensors stored in external data files (`location` relative to the
 * model's directory, as ONNX writes them) read from beside it.
 */
export async function loadOnnxFile(path: string): Promise<OnnxExecutor> {
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
  return loadOnnx(fs.readFileSync(path), { externalData });
}
