import { describe, expect, it } from 'vitest';
import { deprocessGuided } from '../src/index';

describe('deprocessGuided', () => {
  it('matches deprocess_image on a hand-computed example', () => {
    // [0,1,2,3]: mean 1.5, std sqrt(1.25) = 1.1180340; z = -1.3416, -0.4472, 0.4472, 1.3416;
    // 0.1 z + 0.5 = 0.36584, 0.45528, 0.54472, 0.63416; x255 = 93.29, 116.10, 138.90, 161.71.
    const out = deprocessGuided(Float32Array.from([0, 1, 2, 3]), 2, 2, 1);
    expect(out).toMatchObject({ width: 2, height: 2, channels: 3 });
    expect(Array.from(out.data)).toEqual([93, 93, 93, 116, 116, 116, 138, 138, 138, 161, 161, 161]);
  });

  it('standardises over all channels together and clips at 5 standard deviations', () => {
    // 27 values, one of them 100: z = sqrt(26) = 5.099 for it (clipped to 1 -> 255),
    // -1/sqrt(26) = -0.19612 for the rest -> 0.480388 * 255 = 122.499 -> 122.
    const g = new Float32Array(27);
    g[13] = 100;
    const out = deprocessGuided(g, 3, 3, 3);
    const expected = new Array(27).fill(122);
    expected[13] = 255;
    expect(Array.from(out.data)).toEqual(expected);
  });

  it('does not depend on the scale of the gradients', () => {
    const g = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const scaled = g.map((v) => v * 1e3);
    expect(deprocessGuided(scaled, 2, 2)).toEqual(deprocessGuided(g, 2, 2));
  });

  it('gives mid-grey for constant gradients', () => {
    // std 0: (x - mean) is 0, so every value becomes 0.5 -> 127.
    expect(Array.from(deprocessGuided(new Float32Array(3).fill(4), 1, 1).data)).toEqual([127, 127, 127]);
  });

  it('rejects a length that does not match the size', () => {
    expect(() => deprocessGuided(new Float32Array(5), 2, 2)).toThrow(/2x2x3 = 12 values, got 5/);
    expect(() => deprocessGuided(new Float32Array(8), 2, 2, 2)).toThrow(/1 or 3 channels/);
  });
});
