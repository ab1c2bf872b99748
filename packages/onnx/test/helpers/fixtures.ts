import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/fixtures beside the project root (test/helpers is two levels below the package). */
export const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url));
export const TORCHVISION = `${FIXTURES}torchvision/`;
// The same folder as core's tests read: one description of it, one failure message under CI.
export { TORCHVISION_FIXTURES } from '../../../core/test/helpers/fixtures';

export function readF32(relative: string): Float32Array {
  const buf = readFileSync(`${TORCHVISION}${relative}`);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export interface ModelManifest {
  class_index: number;
  gradcam: { time_1: { median_ms: number } };
  onnx: Record<
    string,
    {
      op_types: Record<string, number>;
      nodes: number;
      initializers: number;
      initializer_elems: number;
      target_activation_tensor: string;
    }
  >;
}

export function manifest(): { models: Record<string, ModelManifest> } {
  return JSON.parse(readFileSync(`${TORCHVISION}manifest.json`, 'utf8'));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}
