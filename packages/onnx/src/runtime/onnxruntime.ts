import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * onnxruntime-node, when it is installed: an optional peer dependency found at run time. Its
 * native session runs synchronously underneath the promise of the public API, and the adapter's
 * body must be synchronous (the engine calls it inside its passes), so sessions here use that
 * binding (`onnxruntime-node/dist/binding`, the module the package's own backend wraps).
 */
export interface OnnxRuntime {
  readonly version: string;
  /** A session over `.onnx` bytes holding every tensor inline. */
  session(bytes: Uint8Array): RuntimeSession;
}

/** Runs to completion before returning; results are TF.js tensors in ONNX layout, owned by the caller. */
export interface RuntimeSession {
  readonly inputNames: string[];
  run(feeds: Record<string, tf.Tensor>, fetches: string[]): tf.Tensor[];
  dispose(): void;
}

interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: ArrayLike<number | bigint | boolean>;
}

interface OrtModule {
  Tensor: new (type: string, data: ArrayLike<number> | Uint8Array, dims: number[]) => OrtTensor;
  env: { versions: Record<string, string> };
}

interface NativeSession {
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): void;
  readonly inputMetadata: { name: string }[];
  run(
    feeds: Record<string, OrtTensor>,
    fetches: Record<string, null>,
    options: object,
  ): Record<string, OrtTensor>;
  dispose(): void;
}

interface BindingModule {
  binding: { InferenceSession: new () => NativeSession };
  initOrt: () => void;
}

let found: Promise<OnnxRuntime | string> | undefined;

/** onnxruntime-node if it loads here, else why not (one sentence with the fix). Cached. */
export function findOnnxRuntime(): Promise<OnnxRuntime | string> {
  found ??= load();
  return found;
}

async function load(): Promise<OnnxRuntime | string> {
  let ort: OrtModule;
  let native: BindingModule;
  try {
    const m = (await import('onnxruntime-node')) as unknown as OrtModule & { default?: OrtModule };
    ort = m.Tensor ? m : m.default!;
    // The binding module is internal to onnxruntime-node (no exports map restricts deep imports).
    const b = (await import('onnxruntime-node/dist/binding.js')) as BindingModule & {
      default?: BindingModule;
    };
    native = b.binding ? b : b.default!;
  } catch (e) {
    return `onnxruntime-node is not available (${firstLine(e)}): install it with 'pnpm add onnxruntime-node' to run the body natively`;
  }
  if (typeof native?.binding?.InferenceSession !== 'function' || typeof native.initOrt !== 'function') {
    return `onnxruntime-node ${ort.env?.versions?.node ?? '?'} has no synchronous session binding that this package knows (tested with 1.30)`;
  }
  native.initOrt();
  return {
    version: ort.env.versions.node ?? ort.env.versions.common,
    session: (bytes) => openSession(ort, native, bytes),
  };
}

/**
 * Severity 3 (errors only): ORT warns about initializers it removes while optimizing. No spinning:
 * ORT's intra-op threads otherwise busy-wait after each run, taking the cores from the TF.js head
 * that runs right after the body.
 */
export const SESSION_OPTIONS = {
  logSeverityLevel: 3,
  extra: { session: { intra_op: { allow_spinning: '0' } } },
} as const;

let intraOpThreads: number | undefined;

/**
 * Threads the operators of each session opened from now on may use (undefined: ORT's default, one
 * per core). Sessions that run side by side, one per worker thread of `gradcam batch`, share the
 * cores this way instead of each taking them all.
 */
export function setOnnxRuntimeThreads(threads: number | undefined): void {
  intraOpThreads = threads;
}

function openSession(ort: OrtModule, native: BindingModule, bytes: Uint8Array): RuntimeSession {
  const session = new native.binding.InferenceSession();
  try {
    session.loadModel(
      bytes.buffer,
      bytes.byteOffset,
      bytes.byteLength,
      intraOpThreads ? { ...SESSION_OPTIONS, intraOpNumThreads: intraOpThreads } : SESSION_OPTIONS,
    );
  } catch (e) {
    throw new GradcamError(
      `onnxruntime could not load the model: ${firstLine(e)} (execution: 'tfjs' runs every part in TF.js instead)`,
    );
  }
  let open = true;
  return {
    inputNames: session.inputMetadata.map((m) => m.name),
    run(feeds, fetches) {
      if (!open) throw new GradcamError('this onnxruntime session has been disposed');
      const ortFeeds: Record<string, OrtTensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(ort, t);
      let out: Record<string, OrtTensor>;
      try {
        out = session.run(ortFeeds, Object.fromEntries(fetches.map((f) => [f, null])), {});
      } catch (e) {
        throw new GradcamError(
          `onnxruntime failed to run the model: ${firstLine(e)} (execution: 'tfjs' runs every part in TF.js instead)`,
        );
      }
      return fetches.map((name) => fromOrt(name, out[name]));
    },
    dispose() {
      if (open) session.dispose();
      open = false;
    },
  };
}

function toOrt(ort: OrtModule, t: tf.Tensor): OrtTensor {
  const data = t.dataSync();
  if (t.dtype === 'float32') return new ort.Tensor('float32', data as Float32Array, t.shape);
  if (t.dtype === 'int32') return new ort.Tensor('int32', data as Int32Array, t.shape);
  if (t.dtype === 'bool') return new ort.Tensor('bool', Uint8Array.from(data as Uint8Array), t.shape);
  throw new GradcamError(`cannot hand a ${t.dtype} tensor to onnxruntime`);
}

/** ORT's outputs as TF.js tensors: int64 narrows to int32 as everywhere in this importer. */
function fromOrt(name: string, t: OrtTensor | undefined): tf.Tensor {
  if (!t) throw new GradcamError(`onnxruntime did not return tensor '${name}'`);
  const shape = [...t.dims];
  switch (t.type) {
    case 'float32':
      return tf.tensor(t.data as Float32Array, shape, 'float32');
    case 'float64':
    case 'float16':
      return tf.tensor(Float32Array.from(t.data as ArrayLike<number>), shape, 'float32');
    case 'int64':
      return tf.tensor(
        Int32Array.from(t.data as BigInt64Array, (v) => clampInt32(v)),
        shape,
        'int32',
      );
    case 'int32':
    case 'int8':
    case 'uint8':
    case 'int16':
    case 'uint16':
      return tf.tensor(Int32Array.from(t.data as ArrayLike<number>), shape, 'int32');
    case 'bool':
      return tf.tensor(Uint8Array.from(t.data as ArrayLike<number>), shape, 'bool');
    default:
      throw new GradcamError(`onnxruntime returned '${name}' as ${t.type}, which TF.js cannot hold`);
  }
}

function clampInt32(v: bigint): number {
  if (v > 2147483647n) return 2147483647;
  if (v < -2147483648n) return -2147483648;
  return Number(v);
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
