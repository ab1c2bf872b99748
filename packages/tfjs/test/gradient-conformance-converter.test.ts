import { json as arithmetic } from '@tensorflow/tfjs-converter/dist/operations/op_list/arithmetic';
import { json as basicMath } from '@tensorflow/tfjs-converter/dist/operations/op_list/basic_math';
import { json as control } from '@tensorflow/tfjs-converter/dist/operations/op_list/control';
import { json as convolution } from '@tensorflow/tfjs-converter/dist/operations/op_list/convolution';
import { json as creation } from '@tensorflow/tfjs-converter/dist/operations/op_list/creation';
import { json as dynamic } from '@tensorflow/tfjs-converter/dist/operations/op_list/dynamic';
import { json as evaluation } from '@tensorflow/tfjs-converter/dist/operations/op_list/evaluation';
import { json as graph } from '@tensorflow/tfjs-converter/dist/operations/op_list/graph';
import { json as hashTable } from '@tensorflow/tfjs-converter/dist/operations/op_list/hash_table';
import { json as image } from '@tensorflow/tfjs-converter/dist/operations/op_list/image';
import { json as logical } from '@tensorflow/tfjs-converter/dist/operations/op_list/logical';
import { json as matrices } from '@tensorflow/tfjs-converter/dist/operations/op_list/matrices';
import { json as normalization } from '@tensorflow/tfjs-converter/dist/operations/op_list/normalization';
import { json as ragged } from '@tensorflow/tfjs-converter/dist/operations/op_list/ragged';
import { json as reduction } from '@tensorflow/tfjs-converter/dist/operations/op_list/reduction';
import { json as sliceJoin } from '@tensorflow/tfjs-converter/dist/operations/op_list/slice_join';
import { json as sparse } from '@tensorflow/tfjs-converter/dist/operations/op_list/sparse';
import { json as spectral } from '@tensorflow/tfjs-converter/dist/operations/op_list/spectral';
import { json as string } from '@tensorflow/tfjs-converter/dist/operations/op_list/string';
import { json as transformation } from '@tensorflow/tfjs-converter/dist/operations/op_list/transformation';
import { describe, expect, it } from 'vitest';
// The conformance cases live with @gradcam/core's tests; their kernels are what GraphModels must hit.
import { ALL_CASES } from '../../core/test/gradient-conformance/cases';
import {
  CONVERTER_ALIASES,
  CONVERTER_CATEGORIES_WITHOUT_GRADIENT,
  CONVERTER_OPS_WITHOUT_GRADIENT,
} from './gradient-conformance-converter';

// Every op list the converter ships: an op added to any of them must be placed here.
const OP_LISTS: Record<string, { tfOpName: string }[]> = {
  arithmetic,
  basic_math: basicMath,
  control,
  convolution,
  creation,
  dynamic,
  evaluation,
  graph,
  hash_table: hashTable,
  image,
  logical,
  matrices,
  normalization,
  ragged,
  reduction,
  slice_join: sliceJoin,
  sparse,
  spectral,
  string,
  transformation,
};

describe("every op of the converter's registry is covered by the gradient conformance suite", () => {
  const covered = new Set(ALL_CASES.map((c) => c.kernel));

  it('each op is a kernel with cases, an alias of such kernels, or says why no gradient flows', () => {
    const unplaced: string[] = [];
    for (const [category, ops] of Object.entries(OP_LISTS)) {
      if (category in CONVERTER_CATEGORIES_WITHOUT_GRADIENT) continue;
      for (const { tfOpName: op } of ops) {
        if (op in CONVERTER_OPS_WITHOUT_GRADIENT) continue;
        const kernels = CONVERTER_ALIASES[op] ?? [op];
        const missing = kernels.filter((k) => !covered.has(k));
        if (missing.length > 0) unplaced.push(`${category}/${op}: no cases for ${missing.join(', ')}`);
      }
    }
    expect(unplaced).toEqual([]);
  });

  it('the lists name only ops the converter has', () => {
    const known = new Set(Object.values(OP_LISTS).flatMap((ops) => ops.map((o) => o.tfOpName)));
    const named = [...Object.keys(CONVERTER_ALIASES), ...Object.keys(CONVERTER_OPS_WITHOUT_GRADIENT)];
    expect(named.filter((op) => !known.has(op))).toEqual([]);
    expect(Object.keys(CONVERTER_CATEGORIES_WITHOUT_GRADIENT).filter((c) => !(c in OP_LISTS))).toEqual([]);
  });
});
