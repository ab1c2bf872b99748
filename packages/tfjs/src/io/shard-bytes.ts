import { GradcamError } from '@gradcam/core';
import type * as tf from '@tensorflow/tfjs-core';

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANTIZED_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/** The bytes a manifest's weights occupy, or undefined where string weights make it variable. */
export function weightSpecBytes(specs: readonly tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const size = spec.quantization ? QUANTIZED_BYTES[spec.quantization.dtype] : DTYPE_BYTES[spec.dtype];
    if (size === undefined) return undefined;
    total += size * spec.shape.reduce((n, d) => n * d, 1);
  }
  return total;
}

/** A weight file as read: its name in messages and its length. */
export interface ShardBytes {
  name: string;
  bytes: number;
}

/**
 * Refuses weight shards holding fewer bytes than the weights they carry: TF.js would otherwise fail
 * with a RangeError naming no file. TF.js writes every shard but the last at the full shard size,
 * so the first shorter one (or else the last) is the one cut.
 */
export function checkShardBytes(
  shards: readonly ShardBytes[],
  specs: readonly tf.io.WeightsManifestEntry[],
  where: string,
): void {
  const expected = weightSpecBytes(specs);
  const actual = shards.reduce((n, s) => n + s.bytes, 0);
  if (expected === undefined || actual >= expected || shards.length === 0) return;
  const full = shards[0].bytes;
  const cut = shards.slice(0, -1).findIndex((s) => s.bytes < full);
  const index = cut >= 0 ? cut : shards.length - 1;
  const others = actual - shards[index].bytes;
  const need = cut >= 0 ? full : expected - others;
  throw new GradcamError(
    `weight shard '${shards[index].name}' named in ${where} is truncated: it has ${shards[index].bytes} bytes, the weights need ${need}; copy or download the model again`,
  );
}
