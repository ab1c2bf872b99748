import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { RequiredResource } from './required-resource';

/** ../shared/fixtures beside the project root. */
export const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url));
export const TORCHVISION = `${FIXTURES}torchvision/`;
const hasFixtures = existsSync(`${TORCHVISION}manifest.json`);
export const TORCHVISION_FIXTURES: RequiredResource = {
  name: `the torchvision fixtures (${TORCHVISION})`,
  present: hasFixtures,
  howToGet: 'They are the shared reference data beside the checkout (../shared/fixtures, see its README.md).',
};

export function readF32(relative: string): Float32Array {
  const buf = readFileSync(`${TORCHVISION}${relative}`);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

/** An NCHW fixture as an NHWC tensor. */
export function nchwToNhwc(data: Float32Array, shape: number[]): tf.Tensor4D {
  return tf.tidy(() => tf.tensor4d(data, shape as [number, number, number, number]).transpose([0, 2, 3, 1]));
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
