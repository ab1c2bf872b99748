import { describe, expect, it } from 'vitest';
import { unsupportedFeatures } from '../src/executor/load-checks';
import type { OnnxGraph, OnnxNode } from '../src/proto/types';

const cast = (to: number): OnnxNode => ({
  name: `cast_${to}`,
  opType: 'Cast',
  domain: '',
  inputs: ['x'],
  outputs: ['y'],
  attributes: { to: { type: 'int', value: to } },
});

const graphOf = (node: OnnxNode): OnnxGraph => ({
  name: 'g',
  nodes: [node],
  initializers: [],
  inputs: [{ name: 'x', dataType: 'float32', shape: [2] }],
  outputs: [{ name: 'y' }],
  valueInfo: [],
});

describe('unsupportedFeatures: Cast', () => {
  it('loads casts between types TF.js has (TensorProto codes 1, 6, 7, 9, 10, 11)', () => {
    for (const to of [1, 6, 7, 9, 10, 11]) expect(unsupportedFeatures(graphOf(cast(to)))).toEqual([]);
  });

  it('refuses string and bfloat16 targets by name, and codes it does not know by number', () => {
    expect(unsupportedFeatures(graphOf(cast(8)))).toEqual([
      "node 'cast_8' (Cast): casts to or from string are not supported",
    ]);
    expect(unsupportedFeatures(graphOf(cast(16)))).toEqual([
      "node 'cast_16' (Cast): casts to or from bfloat16 are not supported",
    ]);
    expect(unsupportedFeatures(graphOf(cast(17)))[0]).toMatch(/casts to data type 17 are not supported/);
  });
});
