import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmGradientKernels } from '../../src/index';
import type { ConformanceCase } from './case';
import { ALL_CASES } from './cases';
import { runBackend, type SuiteResults } from './run-column';

export type { CaseResult, Column, SuiteResults } from './run-column';

/** The backends run in Node; WebGL runs in headless Chromium (browser/). */
export const BACKENDS = ['cpu', 'wasm'] as const;

async function activate(backend: string): Promise<void> {
  // The project's WASM gradient kernels are part of the baseline, not fixes: without them no
  // convolution has a gradient on WASM at all.
  if (backend === 'wasm') registerWasmGradientKernels();
  await tf.setBackend(backend);
  await tf.ready();
}

/** Every case on every Node backend, stock and with our fixes. */
export async function runConformance(cases: ConformanceCase[] = ALL_CASES): Promise<SuiteResults> {
  const suite: SuiteResults = { results: [], fixes: {} };
  for (const backend of BACKENDS) {
    await activate(backend);
    const run = await runBackend(cases, backend);
    suite.results.push(...run.results);
    Object.assign(suite.fixes, run.fixes);
  }
  return suite;
}
