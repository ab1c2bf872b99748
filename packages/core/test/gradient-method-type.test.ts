import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ChannelWeightMethod, GradientMethod, RawMapMethod } from '../src';

// Checked by `tsc --noEmit -p packages/core/tsconfig.json` (the package's typecheck, which
// includes test/): each @ts-expect-error fails the type-check if the line below it compiles.
describe('GradientMethod: channel weights or a raw map, exactly one', () => {
  const weights = (_a: tf.Tensor4D, g: tf.Tensor4D) => g.mean([1, 2]) as tf.Tensor2D;
  const raw = (a: tf.Tensor4D, g: tf.Tensor4D) => a.mul(g).sum(3) as tf.Tensor3D;

  it('a method with neither, or with both, does not type-check', () => {
    // @ts-expect-error: no channelWeights and no rawMap, so no map
    const neither: GradientMethod = { kind: 'gradient', name: 'neither', description: 'no map' };
    // @ts-expect-error: both, so which one the engine uses would be a guess
    const both: GradientMethod = {
      kind: 'gradient',
      name: 'both',
      description: '',
      channelWeights: weights,
      rawMap: raw,
    };
    expect([neither.name, both.name]).toEqual(['neither', 'both']);
  });

  it('a method with one of them is a GradientMethod, narrowed by which one it has', () => {
    const byChannel: GradientMethod = {
      kind: 'gradient',
      name: 'w',
      description: '',
      channelWeights: weights,
    };
    const byCell: GradientMethod = { kind: 'gradient', name: 'r', description: '', rawMap: raw };
    expectTypeOf<ChannelWeightMethod>().toExtend<GradientMethod>();
    expectTypeOf<RawMapMethod>().toExtend<GradientMethod>();
    for (const method of [byChannel, byCell]) {
      if (method.channelWeights) expectTypeOf(method).toEqualTypeOf<ChannelWeightMethod>();
      else expectTypeOf(method.rawMap).toEqualTypeOf<RawMapMethod['rawMap']>();
    }
    expect(typeof byChannel.channelWeights).toBe('function');
    expect(typeof byCell.rawMap).toBe('function');
  });
});
