import * as tf from '@tensorflow/tfjs-core';
import { applyKernelFixes, restoreStockKernels } from '../../src/backend/kernel-fixes';
import { type ConformanceCase, caseId } from './case';
import { type CaseOutcome, runCase } from './run-case';

// Apart from suite.ts (which registers the Node backends) so that the browser bundle runs the
// same loop on WebGL without pulling in the WASM backend.

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
 * Runs every case on the active backend twice: with TF.js's stock kernels and with ours. When no
 * fix applies to the backend, the 'fixed' column is the stock one.
 */
export async function runBackend(cases: ConformanceCase[], backend: string): Promise<SuiteResults> {
  restoreStockKernels(backend);
  const stock = await runAll(cases, backend, 'stock');
  const fixes = applyKernelFixes(backend);
  const fixed = fixes.length > 0 ? await runAll(cases, backend, 'fixed') : stock;
  return {
    results: [...stock, ...fixed.map((r) => ({ ...r, column: 'fixed' as const }))],
    fixes: { [backend]: fixes },
  };
}
