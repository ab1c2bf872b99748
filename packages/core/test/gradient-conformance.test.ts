import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_BROWSER, SKIPPED } from '../../render/test/helpers/chromium';
import { GradcamError } from '../src/errors';
import { runWebglInChromium, type WebglRun } from './gradient-conformance/browser/run-in-chromium';
import { type ConformanceCase, caseId } from './gradient-conformance/case';
import { ALL_CASES } from './gradient-conformance/cases';
import { EXPECTED_FAILURES, expectedFailure } from './gradient-conformance/expected-failures';
import type { CaseOutcome } from './gradient-conformance/run-case';
import { runCase } from './gradient-conformance/run-case';
import type { CaseResult } from './gradient-conformance/run-column';
import { checkSensitivity } from './gradient-conformance/skewed';
import { BACKENDS, runConformance, type SuiteResults } from './gradient-conformance/suite';
import { CONFORMANCE_TABLE_PATH, renderTable, tableRows } from './gradient-conformance/table';
import { UNREACHABLE } from './gradient-conformance/unreachable';
import { skipWithout } from './helpers/required-resource';

// `pnpm conformance` sets this to rewrite docs/gradient-conformance.md instead of comparing with it.
const WRITE = process.env.WRITE_CONFORMANCE_TABLE === '1';
// Locally a missing Chromium skips the WebGL column (and the table, which has it); under CI it fails.
const WITHOUT_CHROMIUM = skipWithout(CHROMIUM_BROWSER);

function unexpectedFailures(results: CaseResult[]): string[] {
  return results
    .filter((r) => r.column === 'fixed' && !r.outcome.ok && !expectedFailure(r.kernel, r.name, r.backend))
    .map((r) => `${r.backend}, ${r.id}: ${r.outcome.detail}`);
}

/** Expected failures on the backends that ran whose cases pass now (or do not exist). */
function staleExpectations(results: CaseResult[], backends: readonly string[]): string[] {
  const stale: string[] = [];
  for (const e of EXPECTED_FAILURES)
    for (const backend of e.backends.filter((b) => backends.includes(b))) {
      const runs = results.filter(
        (r) =>
          r.column === 'fixed' &&
          r.backend === backend &&
          r.kernel === e.kernel &&
          (e.cases === 'all' || e.cases.includes(r.name)),
      );
      if (runs.length === 0) stale.push(`${e.kernel} on ${backend}: no such case`);
      for (const r of runs) if (r.outcome.ok) stale.push(`${backend}, ${r.id} passes now`);
    }
  return stale;
}

function leaks(results: CaseResult[]): string[] {
  return results.filter((r) => r.outcome.ok && r.outcome.leaked !== 0).map((r) => `${r.backend}, ${r.id}`);
}

// Chromium computes the WebGL column while Node computes cpu and wasm.
let node: SuiteResults;
let webgl: WebglRun | Error | undefined;
beforeAll(async () => {
  const browser = WITHOUT_CHROMIUM ? undefined : runWebglInChromium().catch((e: Error) => e);
  node = await runConformance();
  webgl = await browser;
}, 240_000);

function webglRun(): WebglRun {
  if (webgl instanceof Error) throw webgl;
  if (!webgl) throw new Error('the WebGL run did not happen');
  return webgl;
}

describe('gradient conformance: every case on cpu and wasm', () => {
  it('every case passes with our fixes, or is a listed expected failure', () => {
    expect(unexpectedFailures(node.results)).toEqual([]);
  });

  it('every expected failure still fails (a case that now passes leaves the list)', () => {
    expect(staleExpectations(node.results, BACKENDS)).toEqual([]);
  });

  it('no passing case leaves tensors behind', () => {
    expect(leaks(node.results)).toEqual([]);
  });
});

describe.skipIf(WITHOUT_CHROMIUM)(
  `gradient conformance: every case on webgl in headless Chromium${SKIPPED}`,
  () => {
    it('runs on WebGL with float32 render targets (the tolerances assume float32)', () => {
      expect(webglRun().environment.float32).toBe(true);
    });

    it('the check fails a gradient 5% off in one element on webgl, and passes it exact', () => {
      expect(webglRun().sensitivity).toEqual({ missed: [], rejected: [] });
    });

    it('every case passes with our fixes, or is a listed expected failure', () => {
      expect(unexpectedFailures(webglRun().suite.results)).toEqual([]);
    });

    it('every expected failure still fails (a case that now passes leaves the list)', () => {
      expect(staleExpectations(webglRun().suite.results, ['webgl'])).toEqual([]);
    });

    it('no passing case leaves tensors behind', () => {
      expect(leaks(webglRun().suite.results)).toEqual([]);
    });
  },
);

describe.skipIf(WITHOUT_CHROMIUM)(`gradient conformance: the table${SKIPPED}`, () => {
  it('docs/gradient-conformance.md is current (regenerate with pnpm conformance)', () => {
    const { suite } = webglRun();
    const table = renderTable({
      results: [...node.results, ...suite.results],
      fixes: { ...node.fixes, ...suite.fixes },
    });
    if (WRITE) writeFileSync(CONFORMANCE_TABLE_PATH, table);
    const committed = existsSync(CONFORMANCE_TABLE_PATH) ? readFileSync(CONFORMANCE_TABLE_PATH, 'utf8') : '';
    expect(committed).toBe(table);
  });
});

describe('gradient conformance: coverage', () => {
  it('every TF.js kernel with a gradient has a case or a reason it is unreachable', () => {
    const covered = new Set(ALL_CASES.map((c) => c.kernel));
    const missing = tf
      .getKernelsForBackend('cpu')
      .map((k) => k.kernelName)
      .filter((name) => tf.getGradient(name) !== undefined && !covered.has(name) && !(name in UNREACHABLE));
    expect(missing, 'add a case in gradient-conformance/, or a reason in unreachable.ts').toEqual([]);
  });

  it('nothing listed unreachable has a case', () => {
    expect(ALL_CASES.filter((c) => c.kernel in UNREACHABLE).map(caseId)).toEqual([]);
  });

  it('case ids are unique', () => {
    const ids = ALL_CASES.map(caseId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("each case's forward runs the kernel it is filed under", async () => {
    await tf.setBackend('cpu');
    const wrong: string[] = [];
    for (const c of ALL_CASES.filter((k) => !k.composite)) {
      const xs = c.inputs.map((s) => (s.dtype === 'int32' ? tf.zeros(s.shape, 'int32') : tf.ones(s.shape)));
      const profile = await tf.profile(() => tf.dispose(c.f(...xs)));
      tf.dispose(xs);
      if (!profile.kernelNames.includes(c.kernel))
        wrong.push(`${caseId(c)} runs ${profile.kernelNames.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('gradient conformance: the check itself', () => {
  it.each(BACKENDS)('fails a gradient 5%% off in one element, passes it exact (%s)', async (backend) => {
    await tf.setBackend(backend);
    expect(checkSensitivity()).toEqual({ missed: [], rejected: [] });
  });

  it('a GradcamError from core counts as refused, any other error as a failure', async () => {
    await tf.setBackend('cpu');
    const throwing = (error: Error): ConformanceCase => ({
      kernel: 'Relu',
      name: 'throws',
      inputs: [{ shape: [2] }],
      f: () => {
        throw error;
      },
    });
    expect(runCase(throwing(new GradcamError('Relu is refused on cpu'))).refused).toBe(true);
    const plain = runCase(throwing(new Error('kernel not registered')));
    expect([plain.ok, plain.refused]).toEqual([false, false]);
  });

  it('the table reads stock and fixed runs as pass, fixed by us, refused and FAIL', () => {
    const outcome = (ok: boolean, refused = false): CaseOutcome => ({
      ok,
      refused,
      error: 0,
      detail: '',
      leaked: 0,
    });
    const runs: [string, CaseOutcome, CaseOutcome][] = [
      ['A', outcome(true), outcome(true)],
      ['B', outcome(false), outcome(true)],
      ['C', outcome(false), outcome(false, true)],
      ['D', outcome(false), outcome(false)],
    ];
    const results = runs.flatMap(([kernel, stock, fixed]) =>
      BACKENDS.flatMap((backend) => [
        { id: kernel, kernel, name: 'x', backend, column: 'stock' as const, outcome: stock },
        { id: kernel, kernel, name: 'x', backend, column: 'fixed' as const, outcome: fixed },
      ]),
    );
    const rows = tableRows({ results, fixes: { cpu: [], wasm: [] } }, new Set());
    expect(rows.map((r) => [r.kernel, r.cells.cpu.stock, r.cells.wasm.status])).toEqual([
      ['A', 'pass', 'pass'],
      ['B', 'FAIL', 'fixed by us'],
      ['C', 'FAIL', 'refused'],
      ['D', 'FAIL', 'FAIL'],
    ]);
  });
});
