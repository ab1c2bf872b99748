import { describe, expect, it } from 'vitest';
// The conformance cases live with @gradcam/core's tests; their kernels are what this map must hit.
import { ALL_CASES } from '../../core/test/gradient-conformance/cases';
import { supportedOps } from '../src/ops/registry';
import { ONNX_OP_KERNELS } from './gradient-conformance-kernels';

describe('every ONNX op the importer runs is covered by the gradient conformance suite', () => {
  it('every supported op is mapped to the kernels it runs, or says why no gradient flows', () => {
    expect(supportedOps().filter((op) => !(op in ONNX_OP_KERNELS))).toEqual([]);
  });

  it('the map names no op the importer lacks', () => {
    const supported = new Set(supportedOps());
    expect(Object.keys(ONNX_OP_KERNELS).filter((op) => !supported.has(op))).toEqual([]);
  });

  it('every kernel an op runs has conformance cases', () => {
    const covered = new Set(ALL_CASES.filter((c) => !c.composite).map((c) => c.kernel));
    const uncovered = Object.entries(ONNX_OP_KERNELS).flatMap(([op, kernels]) =>
      typeof kernels === 'string' ? [] : kernels.filter((k) => !covered.has(k)).map((k) => `${op}: ${k}`),
    );
    expect(uncovered).toEqual([]);
  });
});
