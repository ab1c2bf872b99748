import { activationCases, compositeActivationCases } from './activations';
import type { ConformanceCase } from './case';
import { convolutionCases } from './conv';
import { elementwiseCases } from './elementwise';
import { layoutCases } from './layout';
import { matmulCases } from './matmul';
import { normalizationCases } from './normalization';
import { poolingCases } from './pooling';
import { recurrentCases } from './recurrent';
import { reductionCases } from './reductions';
import { softmaxCases } from './softmax';

/** Every conformance case, by category; the table's rows are their kernels. */
export const CASE_GROUPS: Record<string, ConformanceCase[]> = {
  convolution: convolutionCases,
  pooling: poolingCases,
  normalization: normalizationCases,
  activations: [...activationCases, ...compositeActivationCases],
  layout: layoutCases,
  matmul: matmulCases,
  reductions: reductionCases,
  elementwise: elementwiseCases,
  softmax: softmaxCases,
  recurrent: recurrentCases,
};

export const ALL_CASES: ConformanceCase[] = Object.values(CASE_GROUPS).flat();
