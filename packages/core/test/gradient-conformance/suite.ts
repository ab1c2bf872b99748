import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { applyKernelFixes, registerWasmGradientKernels, restoreStockKernels } from '../../src/index';
import { type ConformanceCase, caseId } from './case';
import { ALL_CASES } from './cases';
import { type CaseOutcome, runCase } from './run-case';

export const BACKENDS = ['cpu', 'wasm'] as const;
export type Column = 'stock' | 'fixed';

export interface CaseResult {
  id: string;
  kernel: string;
  name: string;
  backend: string;
  column: Column;
  outcome: CaseOutcome;
  /** Every kernel the case ran (forward, backward, differences): profiled in the 'fixed' column only. */
  kernels?: string[];
}

export interface SuiteResults {
  results: CaseResult[];
  /** Fix ids in force per backend in the 'fixed' column. */
  fixes: Record<string, string[]>;
}

async function activate(backend: string): Promise<void> {
  // The project's WASM gradient kernels are part of the baseline, not fixes: without them no
  // convolution has a gradient on WASM at all.
  if (backend === 'wasm') registerWasmGradientKernels();
  await tf.setBackend(backend);
  await tf.ready();
}

/**
 * Which fixes a case went through, for the table's notes, takes a profile: a fixed backward kernel
 * (MaxPoolGrad) is named by no case.
 */
async function profiled(c: ConformanceCase): Promise<{ outcome: CaseOutcome; kernels: string[] }> {
  let outcome: CaseOutcome | undefined;
  const info = await tf.profile(() => {
    outcome = runCase(c);
  });
  return { outcome: outcome!, kernels: [...new Set(info.kernelNames)] };
}

async function runAll(cases: ConformanceCase[], backend: string, column: Column): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const run = column === 'fixed' ? await profiled(c) : { outcome: runCase(c) };
    results.push({ id: caseId(c), kernel: c.kernel, name: c.name, backend, column, ...run });
  }
  return results;
}

/**
 * Runs every case on every backend twice: with TF.js's stock kernels and with ours. When no fix
 * applies to a backend, the 'fixed' column is the stock one.
 */
export async function runConformance(cases: ConformanceCase[] = ALL_CASES): Promise<SuiteResults> {
  const results: CaseResult[] = [];
  const fixes: Record<string, string[]> = {};
  for (const backend of BACKENDS) {
    await activate(backend);
    restoreStockKernels(backend);
    const stock = await runAll(cases, backend, 'stock');
    fixes[backend] = applyKernelFixes(backend);
    const fixed = fixes[backend].length > 0 ? await runAll(cases, backend, 'fixed') : stock;
    results.push(...stock, ...fixed.map((r) => ({ ...r, column: 'fixed' as const })));
  }
  return { results, fixes };
}
