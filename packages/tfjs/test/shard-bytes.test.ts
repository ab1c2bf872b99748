import { describe, expect, it } from 'vitest';
import { checkShardBytes, weightSpecBytes } from '../src/io/shard-bytes';

const specs = [
  { name: 'a', shape: [2, 3], dtype: 'float32' as const },
  { name: 'b', shape: [5], dtype: 'int32' as const },
  {
    name: 'c',
    shape: [4],
    dtype: 'float32' as const,
    quantization: { dtype: 'uint8' as const, min: 0, scale: 1 },
  },
];

describe('weight shards checked against the bytes their weights need', () => {
  it('counts 4 bytes per float32/int32 and the quantised size where quantised', () => {
    expect(weightSpecBytes(specs)).toBe(6 * 4 + 5 * 4 + 4 * 1);
    expect(weightSpecBytes([{ name: 's', shape: [1], dtype: 'string' }])).toBeUndefined();
  });

  it('accepts shards holding the bytes, refuses a cut one by name with both sizes', () => {
    expect(() => checkShardBytes([{ name: 'w.bin', bytes: 48 }], specs, 'm.json')).not.toThrow();
    expect(() => checkShardBytes([{ name: 'w.bin', bytes: 47 }], specs, 'm.json')).toThrow(
      "weight shard 'w.bin' named in m.json is truncated: it has 47 bytes, the weights need 48",
    );
    const cut = [
      { name: 'w1.bin', bytes: 20 },
      { name: 'w2.bin', bytes: 10 },
      { name: 'w3.bin', bytes: 8 },
    ];
    expect(() => checkShardBytes(cut, specs, 'm.json')).toThrow(
      "weight shard 'w2.bin' named in m.json is truncated: it has 10 bytes, the weights need 20",
    );
    const lastCut = [
      { name: 'w1.bin', bytes: 20 },
      { name: 'w2.bin', bytes: 20 },
      { name: 'w3.bin', bytes: 7 },
    ];
    expect(() => checkShardBytes(lastCut, specs, 'm.json')).toThrow(
      "'w3.bin' named in m.json is truncated: it has 7 bytes, the weights need 8",
    );
  });
});
