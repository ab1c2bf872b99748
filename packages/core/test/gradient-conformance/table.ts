import { fileURLToPath } from 'node:url';
import { getGradient, getKernelsForBackend } from '@tensorflow/tfjs-core';
import { KERNEL_FIXES } from '../../src/backend/kernel-fixes';
import { ALL_CASES } from './cases';
import { expectedFailure } from './expected-failures';
import type { CaseResult, SuiteResults } from './run-column';
import { UNREACHABLE } from './unreachable';

export type Status = 'pass' | 'fixed by us' | 'refused' | 'FAIL';

export interface Row {
  kernel: string;
  composite: boolean;
  cases: number;
  /** Per backend: stock pass/FAIL, and the status with our fixes. */
  cells: Record<string, { stock: 'pass' | 'FAIL'; status: Status }>;
}

function statusOf(stock: CaseResult[], fixed: CaseResult[]): Status {
  const stockOk = stock.every((r) => r.outcome.ok);
  const failing = fixed.filter((r) => !r.outcome.ok);
  if (failing.length === 0) return stockOk ? 'pass' : 'fixed by us';
  return failing.every((r) => r.outcome.refused) ? 'refused' : 'FAIL';
}

/** Columns in the order the backends ran: cpu and wasm in Node, then webgl in Chromium. */
function backendsOf(suite: SuiteResults): string[] {
  return Object.keys(suite.fixes);
}

export function tableRows(suite: SuiteResults, composites: ReadonlySet<string>): Row[] {
  const backends = backendsOf(suite);
  const kernels = [...new Set(suite.results.map((r) => r.kernel))].sort((a, b) => a.localeCompare(b));
  return kernels.map((kernel) => {
    const of = (backend: string, column: string) =>
      suite.results.filter((r) => r.kernel === kernel && r.backend === backend && r.column === column);
    const cells: Row['cells'] = {};
    for (const backend of backends) {
      const stock = of(backend, 'stock');
      cells[backend] = {
        stock: stock.every((r) => r.outcome.ok) ? 'pass' : 'FAIL',
        status: statusOf(stock, of(backend, 'fixed')),
      };
    }
    return { kernel, composite: composites.has(kernel), cases: of(backends[0], 'stock').length, cells };
  });
}

/** One row per fix that selectBackend installs, with the backends it is in force on. */
function fixesTable(suite: SuiteResults, backends: string[]): string[] {
  const ids = [...new Set(backends.flatMap((b) => suite.fixes[b]))];
  const rows = ids.map(
    (id) =>
      `| ${id.replaceAll('|', '\\|')} | ${backends.filter((b) => suite.fixes[b].includes(id)).join(', ')} |`,
  );
  return ['| fix | in force on |', '|---|---|', ...rows];
}

/** Fixes in force on a backend where the row is 'fixed by us' that its cases ran through. */
function fixesOf(row: Row, results: CaseResult[]): string[] {
  const ids = new Set<string>();
  for (const backend of Object.keys(row.cells)) {
    if (row.cells[backend].status !== 'fixed by us') continue;
    const ran = new Set(
      results
        .filter((r) => r.kernel === row.kernel && r.backend === backend && r.column === 'fixed')
        .flatMap((r) => r.kernels ?? []),
    );
    for (const f of KERNEL_FIXES)
      if (
        (f.backends === 'all' || f.backends.includes(backend)) &&
        (f.kernel === row.kernel || ran.has(f.kernel))
      )
        ids.add(f.id);
  }
  return KERNEL_FIXES.filter((f) => ids.has(f.id)).map((f) =>
    f.kernel === row.kernel ? `${f.id}: ${f.why}` : f.id,
  );
}

/** Why a row is not a plain pass: the fixes' own account, or why it is expected to fail. */
function noteOf(row: Row, results: CaseResult[]): string {
  const expected = new Set<string>();
  for (const r of results)
    if (r.kernel === row.kernel && r.column === 'fixed' && !r.outcome.ok) {
      const e = expectedFailure(r.kernel, r.name, r.backend);
      expected.add(e ? `${e.why} (${e.backends.join(', ')})` : `unexpected: ${r.outcome.detail}`);
    }
  return [...fixesOf(row, results), ...expected].join('; ').replaceAll('|', '\\|');
}

function renderRows(rows: Row[], results: CaseResult[], backends: string[]): string[] {
  const head = backends.flatMap((b) => [`${b} stock`, `${b} with fixes`]);
  const lines = [
    `| kernel | cases | ${head.join(' | ')} | note |`,
    `|---|---|${head.map(() => '---|').join('')}---|`,
  ];
  for (const row of rows) {
    const cells = backends.flatMap((b) => [row.cells[b].stock, row.cells[b].status]);
    lines.push(`| ${row.kernel} | ${row.cases} | ${cells.join(' | ')} | ${noteOf(row, results)} |`);
  }
  return lines;
}

/**
 * Kernels TF.js registers without a gradient, less those a case covers through a custom gradient
 * and the backward kernels themselves (second derivatives are never taken).
 */
function gradientless(): string {
  const covered = new Set(ALL_CASES.map((c) => c.kernel));
  return getKernelsForBackend('cpu')
    .map((k) => k.kernelName)
    .filter((name) => getGradient(name) === undefined && !covered.has(name) && !/Grad$|Backprop/.test(name))
    .sort((a, b) => a.localeCompare(b))
    .join(', ');
}

function failureLines(results: CaseResult[]): string[] {
  const failing = results.filter((r) => r.column === 'stock' && !r.outcome.ok);
  if (failing.length === 0) return ['None.'];
  return failing.map((r) => `- ${r.backend}, ${r.id.replaceAll('|', '\\|')}: ${r.outcome.detail}`);
}

export function renderTable(suite: SuiteResults): string {
  const rows = tableRows(suite, new Set(ALL_CASES.filter((c) => c.composite).map((c) => c.kernel)));
  const backends = backendsOf(suite);
  const fixes = fixesTable(suite, backends);
  return [
    '# Gradient conformance',
    '',
    '<!-- Generated by `pnpm conformance` from packages/core/test/gradient-conformance; do not edit. -->',
    '',
    'Every TF.js kernel whose gradient an explanation can reach, checked on each backend against',
    'central finite differences computed by the test in float64 (a plain-JS float64 forward where',
    "the op is simple; otherwise the backend's float32 forward with a larger step, for smooth ops).",
    'Inputs are small and seeded, the loss is sum(w * f(x)) with seeded weights, and every element',
    'of every float input gradient must agree within 2% of itself plus 1e-4 of the scale, max(1,',
    'largest element) (float64 forward, step 1e-7; or a linear op differenced on the backend with a',
    'unit step, which is exact), or plus 1e-3 of the scale (smooth nonlinear op on the float32',
    'forward, step 4e-3): a gradient 5% off fails in any element above 0.4% (resp. 3.4%) of the',
    'scale, which the test checks.',
    "At ties and kinks the expected value follows TensorFlow's convention (first maximum for",
    'max pooling, 0 for ReLU at 0, shared among ties for reduce max), derived by the test.',
    '',
    'Backends: cpu and wasm in Node; webgl in headless Chromium (the same cases and runner bundled',
    "into a page, `gradient-conformance/browser/`) on SwiftShader, Chromium's software renderer,",
    'with float32 render targets (the test fails if they are float16). The tolerances are the same',
    'on every backend.',
    '',
    "'stock': TF.js's own kernels, every fix of `KERNEL_FIXES` taken out (`restoreStockKernels`).",
    "'with fixes': after `applyKernelFixes` (what `selectBackend` installs). Status: pass; fixed by us",
    '(stock fails, ours passes); refused (core throws a GradcamError naming the op instead of',
    'computing it); FAIL.',
    '',
    'Coverage is checked, not hoped for: a kernel TF.js registers with a gradient fails',
    '`packages/core/test/gradient-conformance.test.ts` until it has a case (one file per category in',
    '`packages/core/test/gradient-conformance/`) or a reason in `unreachable.ts`; every op of our ONNX',
    "importer (`packages/onnx/test/gradient-conformance-coverage.test.ts`) and of the converter's op lists",
    '(`packages/tfjs/test/gradient-conformance-converter.test.ts`) must map to kernels with cases or say',
    'why no gradient flows. A failure must be listed in `expected-failures.ts` with its reason, and the',
    'test fails when a listed case starts passing.',
    '',
    '## Fixes in force',
    '',
    ...fixes,
    '',
    '## Kernels',
    '',
    ...renderRows(
      rows.filter((r) => !r.composite),
      suite.results,
      backends,
    ),
    '',
    '## Compositions, as layers and importers build them',
    '',
    ...renderRows(
      rows.filter((r) => r.composite),
      suite.results,
      backends,
    ),
    '',
    '## Not reachable from an explanation',
    '',
    '| kernel | why |',
    '|---|---|',
    ...Object.entries(UNREACHABLE).map(([k, why]) => `| ${k} | ${why} |`),
    '',
    '## Kernels without a TF.js gradient',
    '',
    "A backward pass through one of these stops with TF.js's 'gradient function not found' (comparisons",
    'and integer ops are expected; the importer runs them under a zero gradient):',
    '',
    gradientless(),
    '',
    '## Failing cases on stock kernels',
    '',
    ...failureLines(suite.results),
    '',
  ].join('\n');
}

/** Where `pnpm conformance` writes the table: docs/ at the repository root. */
export const CONFORMANCE_TABLE_PATH = fileURLToPath(
  new URL('../../../../docs/gradient-conformance.md', import.meta.url),
);
